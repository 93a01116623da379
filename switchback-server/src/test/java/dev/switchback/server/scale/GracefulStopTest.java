package dev.switchback.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.NodeMain;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.ScaleTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real server process under write load (contract#graceful-stop): every request it answered was
 * answered properly (201, or the 503 a stopping server gives a request it did not take), every 201's write is
 * in the database afterwards, every request that got no answer left nothing written, and the process exits by
 * itself.
 */
@ScaleTest
class GracefulStopTest {
    /** Bounds waits that would otherwise never end; never a speed the machine must reach. */
    private static final long HANG_SECONDS = 120;

    private static final int WRITERS = 6;

    @TempDir
    Path directory;

    @Test
    void sigterm_underWriteLoad_failsNoAnsweredRequest_andLosesNoWrite() throws Exception {
        Path file = directory.resolve("switchback.db");
        String bearer = bearerOn(file);
        Process node = startNode(file);
        StringBuilder output = new StringBuilder();
        int port = readPort(node, output);
        Http http = new Http("http://127.0.0.1:" + port);

        Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
        Queue<Long> created = new ConcurrentLinkedQueue<>();
        AtomicBoolean stopSent = new AtomicBoolean();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Queue<String> unanswered = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String writerName = "w" + i;
            Thread writer = new Thread(
                    () -> write(http, bearer, writerName, statuses, created, stopSent, failures, unanswered));
            writer.start();
            writers.add(writer);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (created.size() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        stopSent.set(true);
        node.destroy(); // SIGTERM
        boolean exited = node.waitFor(HANG_SECONDS, TimeUnit.SECONDS);
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        }

        assertThat(exited).as("the process exits by itself after SIGTERM").isTrue();
        assertThat(failures)
                .as("nothing failed before the stop, and no request in flight was dropped")
                .isEmpty();
        assertThat(statuses)
                .as("every answer is a 201 or a stopping server's 503")
                .isSubsetOf(201, 503);
        assertThat(stored(file, List.copyOf(created)))
                .as("every activity answered 201 is in the database")
                .isEqualTo(created.size());
        assertThat(storedNamed(file, List.copyOf(unanswered)))
                .as("a request that got no answer was not taken: nothing of it is in the database")
                .isEmpty();
        synchronized (output) {
            assertThat(output.toString()).doesNotContain(" ERROR ");
        }
    }

    /**
     * Writes activities until the server is gone. After the stop two ends are expected: a refused connection, and a
     * request sent on a kept-alive connection just as the stopping server closes it, which gets no answer (HTTP/1.1's
     * close race, RFC 9112 section 9.3.1: the server never read it). The second is kept in {@code unanswered}, and
     * the test then checks that nothing of it was written; any other exception, or any before the stop, fails.
     */
    private static void write(
            Http http,
            String bearer,
            String writerName,
            Queue<Integer> statuses,
            Queue<Long> created,
            AtomicBoolean stopSent,
            Queue<String> failures,
            Queue<String> unanswered) {
        for (int i = 0; ; i++) {
            String name = "Run " + writerName + "-" + i;
            try {
                Http.Response response = http.postForm(
                        "/api/v3/activities",
                        Http.form(
                                "name", name,
                                "sport_type", "Run",
                                "start_date_local", "2025-10-18T19:04:26Z",
                                "elapsed_time", "1234"),
                        "Authorization",
                        bearer);
                statuses.add(response.status());
                if (response.status() == 201) {
                    created.add(response.json().get("id").asLong());
                } else if (!stopSent.get() || response.status() != 503) {
                    failures.add(response.status() + " " + response.body());
                }
            } catch (UncheckedIOException e) {
                if (!stopSent.get()) {
                    failures.add(e.toString());
                } else if (!refused(e)) {
                    unanswered.add(name); // checked against the database once the process is gone
                }
                return; // the server is gone, or going: it no longer answers
            }
        }
    }

    /** A connection the stopped server did not accept: nothing was sent, so nothing was taken. */
    private static boolean refused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** An athlete and an app's token with activity:write, made on the file before the node opens it. */
    private static String bearerOn(Path file) {
        try (TestServer setup = TestServer.start(Map.of("database.url", file.toString()))) {
            setup.createAthlete("marianne");
            setup.clock().set(Instant.now()); // the node runs on the real clock
            return Flows.bearerOfNewApp(setup, "marianne", "read,activity:write");
        }
    }

    private static long stored(Path file, List<Long> ids) throws Exception {
        long found = 0;
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement query = sqlite.prepareStatement("SELECT count(*) FROM activities WHERE id = ?")) {
            for (long id : ids) {
                query.setLong(1, id);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    found += row.getLong(1);
                }
            }
        }
        return found;
    }

    private static List<String> storedNamed(Path file, List<String> names) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement query = sqlite.prepareStatement("SELECT count(*) FROM activities WHERE name = ?")) {
            for (String name : names) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        found.add(name);
                    }
                }
            }
        }
        return found;
    }

    private Process startNode(Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(directory);
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        NodeMain.class.getName(),
                        file.toString(),
                        "server.stop-timeout=60s")
                .redirectErrorStream(true)
                .start();
    }

    private static int readPort(Process process, StringBuilder output) throws Exception {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                Thread drain = new Thread(() -> reader.lines().forEach(next -> {
                    synchronized (output) {
                        output.append(next).append('\n');
                    }
                }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("the node did not start");
    }
}
