package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.server.config.ServerConfig;
import java.time.Clock;

/** Opens the configured database for an administrative command (creating or migrating it on first use). */
final class Databases {
    private static final int ADMIN_POOL_SIZE = 2;

    private Databases() {}

    static Switchback open(ServerConfig config) {
        return Switchback.open(config.databaseUrl(), ADMIN_POOL_SIZE, config.switchbackOptions(), Clock.systemUTC());
    }
}
