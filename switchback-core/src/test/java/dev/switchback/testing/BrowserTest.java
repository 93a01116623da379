package dev.switchback.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tier {@value Tiers#BROWSER}: Selenium driving a headless Chromium against the real server.
 * Run this tier alone with {@code mvn -B verify -Dtier=browser}; see {@link Tiers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Tiers.BROWSER)
public @interface BrowserTest {}
