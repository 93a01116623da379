package dev.switchback.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tier {@value Tiers#UNIT}: one class or service in-process, with at most a SQLite file in a temp directory
 * and a clock the test moves; no server, nothing else running.
 * Run this tier alone with {@code mvn -B verify -Dtier=unit}; see {@link Tiers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Tiers.UNIT)
public @interface UnitTest {}
