package dev.switchback.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tier {@value Tiers#STORE}: the storage layer; store contracts run on SQLite and on PostgreSQL (or Redis),
 * and SQLite's own mechanics (WAL checkpoints, group commit, caches, schema).
 * Run this tier alone with {@code mvn -B verify -Dtier=store}; see {@link Tiers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(Tiers.STORE)
public @interface StoreTest {}
