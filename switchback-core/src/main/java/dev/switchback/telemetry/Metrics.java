package dev.switchback.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** The meter registry of a process that publishes no metrics: every meter registered on it does nothing. */
public final class Metrics {
    /**
     * A composite of no registries, Micrometer's own no-op: a new one each time, so that two servers in one JVM (a
     * test suite's, say) do not share it. A shared one kept the first server's meters and refused the second's
     * ("This FunctionCounter has been already registered"), holding on to the first server's objects.
     */
    public static MeterRegistry none() {
        return new CompositeMeterRegistry();
    }

    private Metrics() {}
}
