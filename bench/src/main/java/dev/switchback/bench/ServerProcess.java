package dev.switchback.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A server under test in its own JVM, with its CPU time and resident memory read from /proc. */
final class ServerProcess implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    final int port;
    final long startedNanos;

    private ServerProcess(Process process, int port, long startedNanos) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code command} (which must print {@code ... PORT n} or {@code listening on http://host:n}) and waits for its port. */
    static ServerProcess start(List<String> command, Path log) throws IOException {
        return start(command, Map.of(), log);
    }

    /** The same, with these variables added to the environment. */
    static ServerProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(LoadBench.ENVIRONMENT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            lines.add(line);
            int port = portOf(line);
            if (port > 0) {
                Thread drain = new Thread(() -> drain(process.getInputStream()), "server-output");
                drain.setDaemon(true);
                drain.start();
                Files.write(log, lines);
                return new ServerProcess(process, port, started);
            }
        }
        process.destroyForcibly();
        Files.write(log, lines);
        throw new IllegalStateException("server did not start; its output is in " + log);
    }

    /**
     * Reads the server's output to its end, so it never blocks writing; the end may be a stream closed by close().
     * Raw bytes, 64 KiB a read, as a log collector reads a pipe: the access log of a peak is thousands of lines a
     * second, and decoding each into a String took CPU from the server on the same cores. What the start-up
     * reader had buffered past the port line is dropped with the rest.
     */
    private static void drain(InputStream output) {
        byte[] discard = new byte[64 * 1024];
        try {
            while (output.read(discard) >= 0) {
                // nothing kept: the start-up lines are in the log file
            }
        } catch (IOException closed) {
            // the process was stopped and its stream closed
        }
    }

    private static int portOf(String line) {
        if (line.startsWith("PORT ")) {
            return Integer.parseInt(line.substring(5).trim());
        }
        int at = line.indexOf("listening on http://");
        if (at >= 0) {
            String rest = line.substring(at + "listening on http://".length());
            String hostPort = rest.split("[ /]")[0];
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        }
        return -1;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** CPU seconds (user + system) the process has used so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return (double) ticks / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * The CPU ticks (user + system) of each of the process's live threads, by thread id, with the thread's name as
     * the kernel keeps it (its first 15 bytes). A thread that ends while this reads is left out.
     */
    Map<Long, ThreadTicks> threadTicks() throws IOException {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        List<Path> tasks;
        try (Stream<Path> listed = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            tasks = listed.toList();
        }
        for (Path task : tasks) {
            String stat;
            try {
                stat = Files.readString(task.resolve("stat"));
            } catch (IOException ended) {
                continue;
            }
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, ticks));
        }
        return threads;
    }

    /** A thread's name and the CPU ticks it has used so far. */
    record ThreadTicks(String name, long ticks) {}

    /**
     * The CPU seconds each {@link ThreadKind} used between two readings of {@link #threadTicks}; {@code
     * processSeconds}, the whole process's over about the same time, puts what the threads that ended used in
     * {@link ThreadKind#OTHER}, which is what the process used less what its live threads did: it takes the ticks'
     * rounding and the readings' small offset too, and may come out a little below zero. A thread that started
     * between the readings counts from zero.
     */
    static Map<ThreadKind, Double> cpuByKind(
            Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after, double processSeconds) {
        Map<ThreadKind, Double> seconds = new EnumMap<>(ThreadKind.class);
        double counted = 0;
        for (Map.Entry<Long, ThreadTicks> thread : after.entrySet()) {
            ThreadTicks then = before.get(thread.getKey());
            long ticks = thread.getValue().ticks() - (then == null ? 0 : then.ticks());
            double used = (double) ticks / CLOCK_TICKS_PER_SECOND;
            seconds.merge(ThreadKind.of(thread.getValue().name()), used, Double::sum);
            counted += used;
        }
        seconds.merge(ThreadKind.OTHER, processSeconds - counted, Double::sum);
        return seconds;
    }

    /**
     * What a server's threads do, told by their names: where the ops scenario's extra CPU a request goes (the
     * request threads themselves, the collector, the compilers, the management server). The access log is written
     * by the request thread that fills a buffer and, every 100 ms, by its flusher (StderrAppender): most of its
     * cost at a peak is in the request threads' row.
     */
    enum ThreadKind {
        REQUESTS("request threads (Jetty's pool)"),
        VM_THREAD("VM Thread (the serial collector, safepoints)"),
        GC_WORKERS("GC workers (other collectors)"),
        COMPILERS("JIT compilers"),
        LOG_WRITER("access-log flusher (a request thread that fills a buffer writes it: request threads)"),
        MANAGEMENT("management server (probe, scrape)"),
        GROUP_COMMIT("group commit"),
        OTHER("other, threads that ended, and the readings' rounding (a remainder; may be below 0)");

        final String description;

        ThreadKind(String description) {
            this.description = description;
        }

        static ThreadKind of(String name) {
            if (name.startsWith("JettyServerThre") || name.startsWith("qtp")) {
                return REQUESTS;
            }
            if (name.equals("VM Thread")) {
                return VM_THREAD;
            }
            if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("GC ")) {
                return GC_WORKERS;
            }
            if (name.startsWith("C1 CompilerThre")
                    || name.startsWith("C2 CompilerThre")
                    || name.startsWith("Sweeper")) {
                return COMPILERS;
            }
            if (name.startsWith("switchback-log-")) {
                return LOG_WRITER;
            }
            if (name.startsWith("switchback-mana")) {
                return MANAGEMENT;
            }
            if (name.startsWith("switchback-grou")) {
                return GROUP_COMMIT;
            }
            return OTHER;
        }
    }

    /** Resident set size in MiB. */
    double residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Stops the server and waits for it; an interrupt while waiting kills it at once and stays set. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
