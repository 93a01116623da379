package dev.switchback.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark ran on, for the report. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = firstMatching(Path.of("/proc/cpuinfo"), "model name")
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown CPU");
        String memory = firstMatching(Path.of("/proc/meminfo"), "MemTotal")
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
                .orElse("unknown memory");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    private static java.util.Optional<String> firstMatching(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(prefix))
                    .findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
