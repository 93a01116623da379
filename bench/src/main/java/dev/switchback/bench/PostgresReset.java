package dev.switchback.bench;

import dev.switchback.store.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Drops and creates the benchmark's PostgreSQL database, so every run starts empty. */
final class PostgresReset {
    private PostgresReset() {}

    static void reset(String url) throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        String jdbc = parsed.jdbcUrl();
        String name = jdbc.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*$", "");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("refusing to reset a database named '" + name + "'");
        }
        String admin = jdbc.replaceFirst("/" + name, "/postgres");
        try (Connection connection = DriverManager.getConnection(
                        admin, parsed.user().orElse(null), parsed.password().orElse(null));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
    }
}
