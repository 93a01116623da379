package dev.switchback.ratelimit;

/** Requests counted in the current windows, the figures of the {@code X-RateLimit-Usage} headers. */
public record Usage(long overall15Min, long overallDaily, long read15Min, long readDaily) {}
