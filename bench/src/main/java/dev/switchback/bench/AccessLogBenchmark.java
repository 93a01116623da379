package dev.switchback.bench;

import ch.qos.logback.classic.Level;
import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.server.ops.AccessLog;
import dev.switchback.server.ops.Logging;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one access-log line costs: the line of a bearer request as {@code serve} logs it, queued on the server's
 * buffered appender and made into Logback's event and formatted when its batch is written, in each
 * {@code log.format}. The benchmark's thread fills the batches, so it writes nearly all of them (the 100-ms writer
 * takes what is left), and the figure is the queue, the formatting and the batched writes together, not the
 * terminal: standard error is a stream that drops the bytes. With {@code requestKiB=16} each line lies among the
 * garbage of its request, as a server's lines do, so the batch that formats them reads them from farther caches or
 * memory; {@link #requestAlone} is that request without its line, to subtract.
 * Run: {@code java -jar bench/target/benchmarks.jar AccessLog}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogBenchmark {
    private static final AppId CLIENT = new AppId(1);
    private static final AthleteId ATHLETE = new AthleteId(1204);

    @Param({"TEXT", "JSON"})
    public String format;

    /**
     * KiB a request allocates besides its line: 0, every queued line lies next to the one before, as in no server; 16,
     * a batch's lines lie apart, among the garbage of the requests between them, and their writer reads them from
     * farther caches or memory, as the server's does.
     */
    @Param({"0", "16"})
    public int requestKiB;

    private PrintStream stderr;

    @Setup
    public void open() {
        stderr = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        Logging.apply(new Logging.Settings(Logging.Format.valueOf(format), Level.INFO));
    }

    @TearDown
    public void close() {
        Logging.stop();
        System.setErr(stderr);
    }

    /** A request that passed no {@code X-Request-Id}, as the bench's do: the line makes the id, as serve's does. */
    @Benchmark
    public void bearerRequestLine(Blackhole request) {
        request.consume(new byte[requestKiB * 1024]);
        AccessLog.write("GET", "/api/v3/athlete", 200, 1.37f, null, CLIENT, ATHLETE);
    }

    /** What {@link #bearerRequestLine} does besides the line: subtract it. */
    @Benchmark
    public void requestAlone(Blackhole request) {
        request.consume(new byte[requestKiB * 1024]);
    }
}
