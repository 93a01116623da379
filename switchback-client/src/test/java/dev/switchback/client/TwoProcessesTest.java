package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real JVMs sharing one token file, released at the same moment, refresh the token exactly once. */
@HttpTest
class TwoProcessesTest {
    private Grants grants;

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        grants.close();
    }

    @Test
    void twoProcesses_sharingOneTokenFile_causeExactlyOneRefresh() throws Exception {
        grants = Grants.start();
        Path tokenFile = directory.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(tokenFile);
        Tokens tokens = grants.authorize("read");
        store.save(tokens);
        long generation = grants.generation();
        grants.server.clock().advance(Duration.ofHours(6).minusMinutes(1));

        List<Process> processes = new ArrayList<>();
        try {
            for (String name : List.of("one", "two")) {
                processes.add(start(tokenFile, name));
            }
            awaitFile(directory.resolve("ready-one"), processes);
            awaitFile(directory.resolve("ready-two"), processes);
            Files.createFile(directory.resolve("go"));

            List<String> printed = new ArrayList<>();
            for (Process process : processes) {
                assertThat(process.waitFor(60, TimeUnit.SECONDS))
                        .as("process finished")
                        .isTrue();
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as(err).isZero();
                printed.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }

            String saved = store.load().orElseThrow().accessToken();
            assertThat(printed).containsExactly(saved, saved);
            assertThat(saved).isNotEqualTo(tokens.accessToken());
            assertThat(grants.generation()).isEqualTo(generation + 1);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private Process start(Path tokenFile, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(
                java,
                "-cp",
                classpath,
                RefreshingProcess.class.getName(),
                grants.server.baseUrl(),
                grants.app.app().clientId().toString(),
                grants.app.secret().value(),
                tokenFile.toString(),
                Long.toString(grants.server.clock().instant().getEpochSecond()),
                directory.toString(),
                name);
        return new ProcessBuilder(command).start();
    }

    private static void awaitFile(Path file, List<Process> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertThat(System.nanoTime())
                    .as("%s within 60s", file.getFileName())
                    .isLessThan(deadline);
            assertThat(processes).as("processes still running").allMatch(Process::isAlive);
            Thread.sleep(5);
        }
    }
}
