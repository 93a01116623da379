package dev.switchback.bench;

import dev.switchback.testkit.SwitchbackExtension;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a test waits for its emulator (issue 14: "a start after the first in the same JVM in well under a
 * second"): a {@code SwitchbackExtension} started and stopped (a server on a free port over a new SQLite file,
 * migrated), and a reset to a seed of one athlete, one app and one inline activity. Each is one shot, after the
 * first start of the fork (class loading, the JIT) is spent in the warm-up.
 * Run: {@code java -jar bench/target/benchmarks.jar TestkitStartBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
public class TestkitStartBenchmark {
    private SwitchbackExtension seeded;

    @Setup(Level.Trial)
    public void startSeeded() {
        seeded = SwitchbackExtension.withSeed("examples/seed.json");
        seeded.beforeAll(null);
    }

    @TearDown(Level.Trial)
    public void stopSeeded() {
        seeded.afterAll(null);
    }

    /** A server of its own: what {@code perTest()} costs every test. */
    @Benchmark
    public String startAndStop() {
        SwitchbackExtension strava = SwitchbackExtension.empty();
        strava.beforeAll(null);
        try {
            return strava.baseUrl();
        } finally {
            strava.afterAll(null);
        }
    }

    /** Back to the seed: what a shared server costs every test after the first. */
    @Benchmark
    public void resetToTheSeed() {
        seeded.reset();
    }
}
