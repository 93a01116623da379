package dev.switchback.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The schema migrations this build ships, and whether a database has applied exactly these. When it has,
 * {@link Database} does not start Flyway at all: loading its plugins, scanning the class path and
 * checksumming the scripts took about 190 ms of every server start and CLI command, to find nothing to do.
 * Anything else (an empty database, a pending or failed migration, a changed script, a schema from a newer
 * build) goes through Flyway as before, which applies, validates or refuses it.
 */
final class Migrations {
    /** Flyway's location for the scripts. */
    static final String LOCATION = "db/migration";
    /** Every script in {@link #LOCATION}, in order; a test checks that Flyway finds exactly these. */
    static final List<String> SCRIPTS = List.of(
            "V1__oauth.sql",
            "V2__rate_limits.sql",
            "V3__activities.sql",
            "V4__routes_segments_clubs.sql",
            "V5__commit_marks.sql",
            "V6__authorization_codes_outlive_their_grant.sql",
            "V7__app_redirect_uris.sql",
            "V8__segment_and_best_efforts.sql",
            "V9__sessions.sql",
            "V10__refresh_answers.sql",
            "V13__webhooks.sql",
            "V16__app_profile.sql",
            "V18__resource_servers.sql");

    private Migrations() {}

    /**
     * Whether Flyway's history on {@code connection} records {@link #SCRIPTS} and nothing else, each applied
     * successfully and with the checksum the script has now. False when there is no history yet.
     */
    static boolean allApplied(Connection connection) {
        List<String> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT script, checksum, success FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rows.next()) {
                String script = rows.getString(1);
                int checksum = rows.getInt(2);
                boolean current = !rows.wasNull()
                        && rows.getBoolean(3)
                        && SCRIPTS.contains(script)
                        && checksum == checksum(script);
                if (!current) {
                    return false;
                }
                applied.add(script);
            }
        } catch (SQLException e) {
            return false; // no history table yet; Flyway creates it
        }
        return applied.equals(SCRIPTS);
    }

    /**
     * Flyway's checksum of a script: a CRC-32 of its lines in UTF-8, without their line breaks ({@code \n},
     * {@code \r\n} or {@code \r}) or a leading byte-order mark (Flyway's {@code ChecksumCalculator}, which reads
     * the lines as text and encodes each again; the tests compare it with what Flyway stores). Taken over the
     * script's bytes as they are, a line at a time: reading them as lines of text took about 15 ms of every start
     * in the interpreter (docs/performance.md#bench-history-startup).
     */
    static int checksum(String script) {
        String path = LOCATION + "/" + script;
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration " + path + " is missing from the build");
            }
            return checksum(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + path, e);
        }
    }

    /** The same, of a script's bytes. */
    static int checksum(byte[] script) {
        int start =
                script.length >= 3 && script[0] == (byte) 0xEF && script[1] == (byte) 0xBB && script[2] == (byte) 0xBF
                        ? 3
                        : 0;
        CRC32 crc = new CRC32();
        int line = start;
        for (int i = start; i < script.length; i++) {
            byte b = script[i];
            if (b == '\n' || b == '\r') {
                crc.update(script, line, i - line);
                if (b == '\r' && i + 1 < script.length && script[i + 1] == '\n') {
                    i++;
                }
                line = i + 1;
            }
        }
        crc.update(script, line, script.length - line);
        return (int) crc.getValue();
    }
}
