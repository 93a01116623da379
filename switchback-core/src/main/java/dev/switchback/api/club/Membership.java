package dev.switchback.api.club;

/** One athlete's place in a club. */
public record Membership(boolean admin, boolean owner) {}
