package dev.switchback.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tier {@value Tiers#HTTP}: the real server on a random port, driven over HTTP, by hand, by the SDK or by
 * the CLI.
 * Run this tier alone with {@code mvn -B verify -Dtier=http}; see {@link Tiers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Tiers.HTTP)
public @interface HttpTest {}
