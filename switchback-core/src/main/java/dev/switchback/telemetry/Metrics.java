package dev.switchback.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** The meter registry of a process that publishes no metrics: every meter registered on it does nothing. */
public final class Metrics {
    /** A composite of no registries: Micrometer's own no-op. */
    public static final MeterRegistry NONE = new CompositeMeterRegistry();

    private Metrics() {}
}
