package dev.switchback.server.testing;

import dev.switchback.server.SwitchbackServer;
import dev.switchback.server.config.ServerConfig;
import dev.switchback.server.config.Settings;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A server node in its own JVM, for tests that kill it with SIGKILL or stop it with SIGTERM: {@code NodeMain DATABASE_URL
 * [KEY=VALUE...]} starts on a free port and prints {@code PORT n} when it listens.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        flags.put("database.url", args[0]);
        flags.put("server.port", "0");
        flags.put("demo", "false");
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            flags.put(pair[0], pair[1]);
        }
        ServerConfig config = ServerConfig.from(Settings.load(Optional.empty(), Map.of(), flags));
        SwitchbackServer server =
                SwitchbackServer.create(config, Clock.systemUTC()).start();
        // As `switchback serve` does: SIGTERM stops the server in order (contract#graceful-stop).
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "switchback-shutdown"));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
