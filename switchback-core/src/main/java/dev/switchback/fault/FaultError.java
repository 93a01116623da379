package dev.switchback.fault;

/** One entry of a Strava Fault's {@code errors} list: which resource, which field, what went wrong. */
public record FaultError(String resource, String field, String code) {}
