package dev.switchback.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine;

/** Runs the CLI in-process through {@code CommandLine.execute}, capturing its output. */
final class CliWithEnvironment {
    private CliWithEnvironment() {}

    record Result(int exit, String out, String err) {}

    static Result run(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(environment, args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs a command on another thread; its output arrives line by line, as a user would see it. */
    static Running start(CliEnvironment environment, String... args) {
        Lines out = new Lines();
        StringWriter err = new StringWriter();
        CompletableFuture<Result> result = CompletableFuture.supplyAsync(() -> {
            CommandLine commandLine = Main.commandLine(environment, args);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            int exit = commandLine.execute(args);
            return new Result(exit, out.all(), err.toString());
        });
        return new Running(out, result);
    }

    /** A command still running. */
    record Running(Lines out, CompletableFuture<Result> result) {
        /** The first line of output matching {@code test}, waiting at most {@code wait} for it. */
        String awaitLine(Predicate<String> test, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                String line = out.lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no such line within " + wait + "; output so far: " + out.all()
                            + (result.isDone() ? "; finished: " + result.join() : ""));
                }
                if (test.test(line)) {
                    return line;
                }
            }
        }

        Result await(Duration wait) throws Exception {
            return result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A writer that hands out complete lines as they are written. */
    static final class Lines extends Writer {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder all = new StringBuilder();
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                all.append(chars[i]);
                if (chars[i] == '\n') {
                    lines.add(line.toString());
                    line.setLength(0);
                } else if (chars[i] != '\r') {
                    line.append(chars[i]);
                }
            }
        }

        synchronized String all() {
            return all.toString();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
