package dev.switchback.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian's package) with fixed settings and reads its summary. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    record Result(
            double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors, String raw) {}

    static Result run(Settings settings, int seconds, String url, Path script, List<String> scriptArgs, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t",
                Integer.toString(settings.threads()),
                "-c",
                Integer.toString(settings.connections()),
                "-d",
                seconds + "s",
                "--latency",
                "--timeout",
                "10s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        // The command line carries the app's secret: the log keeps its shape, never the secret.
        Files.writeString(log, String.join(" ", command).replaceAll("[0-9a-f]{40}", "<secret>") + "\n" + output);
        return parse(output);
    }

    static Result parse(String output) {
        double rate = find(RATE, output).map(Double::parseDouble).orElse(0.0);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(output);
        while (m.find()) {
            double millis = Double.parseDouble(m.group(2))
                    * switch (m.group(3)) {
                        case "us" -> 0.001;
                        case "ms" -> 1.0;
                        default -> 1000.0;
                    };
            if (m.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        long errors = find(NON_2XX, output).map(Long::parseLong).orElse(0L);
        Matcher socket = SOCKET.matcher(output);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        long total = find(TOTAL, output).map(Long::parseLong).orElse(0L);
        return new Result(rate, p50, p99, total, errors, output);
    }

    private static java.util.Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /** The load settings of a run, recorded with its results. */
    record Settings(int threads, int connections, int warmupSeconds, int durationSeconds, int repeats) {}
}
