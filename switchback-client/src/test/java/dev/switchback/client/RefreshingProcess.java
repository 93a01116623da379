package dev.switchback.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A separate JVM for {@link TwoProcessesTest}: signals it is ready, waits for the go, then asks a
 * {@link TokenManager} over a shared {@link FileTokenStore} for a token and prints it.
 *
 * <p>Arguments: base URL, client id, client secret, token file, the server clock's epoch second,
 * the barrier directory, this process's name.
 */
public final class RefreshingProcess {
    private RefreshingProcess() {}

    public static void main(String[] args) throws Exception {
        StravaClient client = StravaClient.builder()
                .baseUrl(args[0])
                .clientId(Long.parseLong(args[1]))
                .clientSecret(args[2])
                .clock(Clock.fixed(Instant.ofEpochSecond(Long.parseLong(args[4])), ZoneOffset.UTC))
                .build();
        TokenManager manager = TokenManager.create(client, new FileTokenStore(Path.of(args[3])));
        Path barrier = Path.of(args[5]);
        Files.createFile(barrier.resolve("ready-" + args[6]));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(barrier.resolve("go"))) {
            if (System.nanoTime() > deadline) {
                System.err.println("no go within 60s");
                System.exit(2);
            }
            Thread.sleep(2);
        }
        System.out.println(manager.accessToken());
    }
}
