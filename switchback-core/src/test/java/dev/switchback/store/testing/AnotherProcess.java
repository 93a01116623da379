package dev.switchback.store.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one SQL statement on a SQLite file from a JVM of its own, as the CLI or the {@code sqlite3} shell
 * would beside a running server.
 */
public final class AnotherProcess {
    private AnotherProcess() {}

    /** Runs {@code sql} on {@code file} in a new process and waits for it; answers the rows it changed. */
    public static int execute(Path file, String sql) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AnotherProcess.class.getName(),
                        file.toString(),
                        sql))
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("the other process failed: " + output);
            }
            return Integer.parseInt(output.lines().reduce((first, last) -> last).orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the other process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            System.out.println(statement.executeUpdate(args[1]));
        }
    }
}
