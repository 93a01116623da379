package dev.switchback.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load driver at a constant rate, after wrk2. Each of N keep-alive connections sends rate/N
 * requests a second on a fixed schedule (the k-th is meant for start + k * interval; the connections' starts
 * are spread evenly over one interval), and a request's latency runs from when it was <em>meant</em> to be
 * sent to the last byte of its response. A connection that falls behind sends its next request at once and
 * skips none, so a server that cannot keep up shows its queue in the latency instead of hiding it (the
 * coordinated omission that a closed-loop tool like wrk suffers). As in wrk2, a run stops at its deadline:
 * requests still owed then are not sent; the achieved rate falling short of the target says so.
 *
 * <p>{@code RateDriver URL RATE SECONDS [WARMUP_SECONDS [CONNECTIONS]]} GETs URL and prints the summary.
 */
public final class RateDriver {
    static final int DEFAULT_CONNECTIONS = 32;
    static final int DEFAULT_WARMUP_SECONDS = 2;
    /** Between making the connections' threads and the first request: time for them to start and connect. */
    private static final Duration START_DELAY = Duration.ofMillis(300);

    private static final int SIGNIFICANT_DIGITS = 3;

    private RateDriver() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: RateDriver URL RATE SECONDS [WARMUP_SECONDS [CONNECTIONS]]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_WARMUP_SECONDS;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_CONNECTIONS;
        Wrk.Result result = run(
                url,
                Sources.get(path),
                connections,
                Double.parseDouble(args[1]),
                warmup,
                Integer.parseInt(args[2]),
                null);
        System.out.print(result.raw());
    }

    /**
     * Drives {@code base}'s host and port with one source per connection: {@code warmupSeconds} at the rate,
     * not recorded, then {@code seconds} measured on a fresh schedule. Writes the summary to {@code log}
     * unless it is null. Blocks for the whole run.
     */
    static Wrk.Result run(
            URI base,
            Source.Factory sources,
            int connections,
            double ratePerSecond,
            int warmupSeconds,
            int seconds,
            Path log)
            throws IOException, InterruptedException {
        validate(base, connections, ratePerSecond, warmupSeconds, seconds);
        int port = base.getPort() < 0 ? 80 : base.getPort();
        InetSocketAddress address = new InetSocketAddress(base.getHost(), port);
        String host = base.getHost() + ":" + port;
        Source[] perConnection = new Source[connections];
        for (int i = 0; i < connections; i++) {
            perConnection[i] = sources.open(host, i, connections);
        }
        double intervalNanos = connections * 1e9 / ratePerSecond;
        long warmupStart = System.nanoTime() + START_DELAY.toNanos();
        long measuredStart = warmupStart + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measuredStart + TimeUnit.SECONDS.toNanos(seconds);
        Connection[] drivers = new Connection[connections];
        Thread[] threads = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            drivers[i] = new Connection(
                    new HttpConnection(address),
                    perConnection[i],
                    intervalNanos,
                    intervalNanos * i / connections,
                    warmupStart,
                    measuredStart,
                    end);
            threads[i] = new Thread(drivers[i], "rate-driver-" + i);
            threads[i].start();
        }
        long cpuBefore = processCpuNanos();
        Tally total = new Tally();
        for (int i = 0; i < connections; i++) {
            threads[i].join();
            total.add(drivers[i].tally);
        }
        double driverCores =
                (processCpuNanos() - cpuBefore) / 1e9 / (warmupSeconds + seconds + START_DELAY.toMillis() / 1e3);
        String summary = summary(base, connections, ratePerSecond, warmupSeconds, seconds, total)
                + String.format(
                        Locale.ROOT,
                        "driver CPU: %.2f cores on average (this process; it shares the machine with the server)%n",
                        driverCores);
        if (log != null) {
            Files.writeString(log, summary);
        }
        Histogram latencies = total.latencies;
        return new Wrk.Result(
                total.responses / (double) seconds,
                millisAt(latencies, 50),
                millisAt(latencies, 99),
                total.responses,
                total.errors(),
                summary);
    }

    /** CPU time of this JVM so far: the driver's cost, which the server under test does not get. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void validate(URI base, int connections, double ratePerSecond, int warmupSeconds, int seconds) {
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("base must be an http://host[:port] URL (got " + base + ")");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1 (got " + connections + ")");
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be > 0 (got " + ratePerSecond + ")");
        }
        if (warmupSeconds < 0 || seconds < 1) {
            throw new IllegalArgumentException(
                    "warmupSeconds must be >= 0 and seconds >= 1 (got " + warmupSeconds + ", " + seconds + ")");
        }
    }

    /** One connection's thread: the warm-up schedule, then the measured one, each ending at its deadline. */
    private static final class Connection implements Runnable {
        private final HttpConnection http;
        private final Source source;
        private final double intervalNanos;
        private final double offsetNanos;
        private final long warmupStart;
        private final long measuredStart;
        private final long end;
        final Tally tally = new Tally();

        Connection(
                HttpConnection http,
                Source source,
                double intervalNanos,
                double offsetNanos,
                long warmupStart,
                long measuredStart,
                long end) {
            this.http = http;
            this.source = source;
            this.intervalNanos = intervalNanos;
            this.offsetNanos = offsetNanos;
            this.warmupStart = warmupStart;
            this.measuredStart = measuredStart;
            this.end = end;
        }

        @Override
        public void run() {
            try {
                http.connect();
            } catch (IOException e) {
                http.close(); // the first request connects again, and fails or not as a request does
            }
            schedule(warmupStart, measuredStart, null);
            schedule(measuredStart, end, tally);
            http.close();
        }

        /** Sends the requests meant for {@code [from, until)}, recording them in {@code record} unless it is null. */
        private void schedule(long from, long until, Tally record) {
            for (long k = 0; ; k++) {
                long intended = from + (long) (offsetNanos + k * intervalNanos);
                if (intended >= until) {
                    return;
                }
                waitUntil(intended);
                if (System.nanoTime() >= until) {
                    return; // behind at the deadline: what is still owed is not sent, as in wrk2
                }
                send(intended, record);
            }
        }

        private void send(long intended, Tally record) {
            long sent = System.nanoTime();
            try {
                int status = http.send(source);
                long latency = System.nanoTime() - intended;
                source.answered(status, http.body(), http.bodyLength());
                if (record != null) {
                    record.response(status, latency, sent - intended);
                }
            } catch (IOException e) {
                http.close();
                if (record != null) {
                    record.ioError(e);
                }
            }
        }

        private static void waitUntil(long deadline) {
            long remaining;
            while ((remaining = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(remaining);
            }
        }
    }

    /** What one connection saw, merged into the run's total after its thread ends. */
    private static final class Tally {
        /** Latency from the intended send time, in microseconds; resizes itself. */
        final Histogram latencies = new Histogram(SIGNIFICANT_DIGITS);
        /** How late each request left, in microseconds: the server's queue, or the driver's own lag. */
        final Histogram lateness = new Histogram(SIGNIFICANT_DIGITS);

        final long[] statuses = new long[600];
        long responses;
        long ioErrors;
        String firstIoError;

        void response(int status, long latencyNanos, long latenessNanos) {
            latencies.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
            lateness.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(latenessNanos)));
            statuses[Math.min(status, statuses.length - 1)]++;
            responses++;
        }

        void ioError(IOException e) {
            ioErrors++;
            if (firstIoError == null) {
                firstIoError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        long non2xx() {
            long count = 0;
            for (int status = 0; status < statuses.length; status++) {
                if (status / 100 != 2) {
                    count += statuses[status];
                }
            }
            return count;
        }

        long errors() {
            return non2xx() + ioErrors;
        }

        void add(Tally other) {
            latencies.add(other.latencies);
            lateness.add(other.lateness);
            for (int status = 0; status < statuses.length; status++) {
                statuses[status] += other.statuses[status];
            }
            responses += other.responses;
            ioErrors += other.ioErrors;
            if (firstIoError == null) {
                firstIoError = other.firstIoError;
            }
        }
    }

    /** The log: settings, rates, percentiles, statuses and HdrHistogram's percentile table. No token, no secret. */
    private static String summary(URI base, int connections, double rate, int warmupSeconds, int seconds, Tally total) {
        Histogram h = total.latencies;
        StringBuilder out = new StringBuilder();
        out.append("RateDriver ").append(base).append(", open loop at a constant rate (wrk2 model)\n");
        out.append(String.format(
                Locale.ROOT,
                "target %.1f req/s on %d connections (%.2f req/s each), %d s warm-up, %d s measured%n",
                rate,
                connections,
                rate / connections,
                warmupSeconds,
                seconds));
        out.append(String.format(
                Locale.ROOT,
                "achieved %.1f req/s (%.1f%% of target): %d responses, %d errors (%d non-2xx, %d I/O)%n",
                total.responses / (double) seconds,
                100.0 * total.responses / (rate * seconds),
                total.responses,
                total.errors(),
                total.non2xx(),
                total.ioErrors));
        out.append(String.format(
                Locale.ROOT,
                "latency from intended send time, ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                millisAt(h, 50),
                millisAt(h, 90),
                millisAt(h, 99),
                millisAt(h, 99.9),
                maxMillis(h)));
        Histogram late = total.lateness;
        out.append(String.format(
                Locale.ROOT,
                "sent late by, ms (a connection still busy, or the driver short of CPU): "
                        + "p50 %.3f  p99 %.3f  max %.3f%n",
                millisAt(late, 50),
                millisAt(late, 99),
                maxMillis(late)));
        out.append("statuses:");
        for (int status = 0; status < total.statuses.length; status++) {
            if (total.statuses[status] > 0) {
                out.append(' ').append(status).append('=').append(total.statuses[status]);
            }
        }
        out.append('\n');
        if (total.firstIoError != null) {
            out.append("first I/O error: ").append(total.firstIoError).append('\n');
        }
        if (h.getTotalCount() > 0) {
            out.append("\nlatency percentiles, ms (HdrHistogram):\n").append(percentileTable(h));
        }
        return out.toString();
    }

    private static String percentileTable(Histogram h) {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        h.outputPercentileDistribution(new PrintStream(table, true, StandardCharsets.UTF_8), 5, 1000.0);
        return table.toString(StandardCharsets.UTF_8);
    }

    private static double maxMillis(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }

    private static double millisAt(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
