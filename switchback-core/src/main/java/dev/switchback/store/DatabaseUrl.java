package dev.switchback.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A database location as a user writes it: {@code jdbc:sqlite:FILE}, {@code sqlite:FILE}, a bare file
 * path, {@code postgresql://user:password@host:port/db} or {@code jdbc:postgresql://...}. Holds the JDBC
 * form, the dialect and, for PostgreSQL, the credentials taken out of the URL.
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database.url must not be empty");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:sqlite:")) {
            return sqlite(trimmed.substring("jdbc:sqlite:".length()));
        }
        if (trimmed.startsWith("sqlite:")) {
            return sqlite(trimmed.substring("sqlite:".length()));
        }
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, trimmed, Optional.empty(), Optional.empty());
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return postgres(trimmed);
        }
        if (trimmed.contains("://") || trimmed.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "database.url must be a SQLite file or a PostgreSQL URL (got " + redacted(trimmed) + ")");
        }
        return sqlite(trimmed);
    }

    private static DatabaseUrl sqlite(String file) {
        if (file.isBlank()) {
            throw new IllegalArgumentException("database.url names no SQLite file");
        }
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, Optional.empty(), Optional.empty());
    }

    private static DatabaseUrl postgres(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("database.url has no host (got " + redacted(url) + ")");
            }
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String jdbc = "jdbc:postgresql://" + uri.getHost() + port + path + query;
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = Optional.of(decode(parts[0]));
                if (parts.length == 2) {
                    password = Optional.of(decode(parts[1]));
                }
            }
            return new DatabaseUrl(Dialect.POSTGRESQL, jdbc, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("database.url is not a valid URL (got " + redacted(url) + ")");
        }
    }

    /** The SQLite file, for SQLite URLs that name one (not {@code :memory:}). */
    public Optional<Path> sqliteFile() {
        if (dialect != Dialect.SQLITE) {
            return Optional.empty();
        }
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file));
    }

    /**
     * The URL with any password masked, for messages. Everything from the first colon after the user to
     * the last {@code @} is masked, so a password typed with a raw {@code @} or {@code /} is hidden too.
     */
    public static String redacted(String url) {
        return url.replaceAll("(://[^:/]*):.*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return redacted(jdbcUrl);
    }
}
