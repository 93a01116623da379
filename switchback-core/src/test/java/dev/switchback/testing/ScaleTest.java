package dev.switchback.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tier {@value Tiers#SCALE}: scale and faults; several nodes on one PostgreSQL, the database cut, a node
 * killed mid-request.
 * Run this tier alone with {@code mvn -B verify -Dtier=scale}; see {@link Tiers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Tiers.SCALE)
public @interface ScaleTest {}
