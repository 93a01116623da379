package dev.switchback.store;

/**
 * A typed identifier (an app's, an athlete's, a grant's...): a small record around the row's number, so
 * that two ids of different kinds cannot be swapped, and {@link Sql#bind(String, Id)} stores its number.
 */
public interface Id {
    long value();
}
