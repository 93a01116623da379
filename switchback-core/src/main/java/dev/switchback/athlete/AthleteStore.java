package dev.switchback.athlete;

import dev.switchback.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Athletes in the database. */
public final class AthleteStore {
    private static final String COLUMNS = """
            id, username, firstname, lastname, bio, city, state, country, sex, weight, ftp, premium, created_at, updated_at""";

    private final Database database;
    private final Jdbi jdbi;

    public AthleteStore(Database database) {
        this.database = database;
        this.jdbi = database.jdbi();
    }

    /** Inserts an athlete; empty if the username is taken. */
    public Optional<Athlete> insert(NewAthlete athlete, String passwordHash, Instant now) {
        return jdbi.inTransaction(handle -> {
            if (findByUsername(handle, athlete.username()).isPresent()) {
                return Optional.empty();
            }
            long id = handle.createQuery("""
                            INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                            VALUES (:username, :hash, :firstname, :lastname, :now, :now)
                            RETURNING id""")
                    .bind("username", athlete.username())
                    .bind("hash", passwordHash)
                    .bind("firstname", athlete.firstname())
                    .bind("lastname", athlete.lastname())
                    .bind("now", now.getEpochSecond())
                    .mapTo(Long.class)
                    .one();
            return find(handle, id);
        });
    }

    /** The athlete of {@code GET /athlete}: a hot-path read (see {@link Database#readOne}). */
    public Optional<Athlete> find(long id) {
        return database.readOne("SELECT " + COLUMNS + " FROM athletes WHERE id = ?",
                statement -> statement.setLong(1, id), AthleteStore::map);
    }

    public Optional<Athlete> find(Handle handle, long id) {
        return database.readOne(handle, "SELECT " + COLUMNS + " FROM athletes WHERE id = ?",
                statement -> statement.setLong(1, id), AthleteStore::map);
    }

    public Optional<Athlete> findByUsername(String username) {
        return jdbi.withHandle(handle -> findByUsername(handle, username));
    }

    private Optional<Athlete> findByUsername(Handle handle, String username) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM athletes WHERE username = :username")
                .bind("username", username)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** The stored password hash of a username, for login. */
    public Optional<Credentials> credentials(String username) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id, password_hash FROM athletes WHERE username = :username")
                .bind("username", username)
                .map((rs, ctx) -> new Credentials(rs.getLong("id"), rs.getString("password_hash")))
                .findOne());
    }

    /** Sets weight and FTP where given (the profile:write fields, spec §7.5); empty if there is no such athlete. */
    public Optional<Athlete> updateProfile(long id, Optional<Double> weight, Optional<Integer> ftp, Instant now) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("""
                            UPDATE athletes
                               SET weight = CASE WHEN :set_weight THEN :weight ELSE weight END,
                                   ftp = CASE WHEN :set_ftp THEN :ftp ELSE ftp END,
                                   updated_at = :now
                             WHERE id = :id""")
                    .bind("set_weight", weight.isPresent())
                    .bind("weight", weight.orElse(null))
                    .bind("set_ftp", ftp.isPresent())
                    .bind("ftp", ftp.orElse(null))
                    .bind("now", now.getEpochSecond())
                    .bind("id", id)
                    .execute();
            return find(handle, id);
        });
    }

    public List<Athlete> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM athletes ORDER BY id")
                .map((rs, ctx) -> map(rs))
                .list());
    }

    public boolean isEmpty() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM athletes").mapTo(Long.class).one() == 0);
    }

    /** An athlete from a row of {@link #COLUMNS}, read by position. */
    static Athlete map(ResultSet rs) throws SQLException {
        double weight = rs.getDouble(10);
        Optional<Double> maybeWeight = rs.wasNull() ? Optional.empty() : Optional.of(weight);
        int ftp = rs.getInt(11);
        Optional<Integer> maybeFtp = rs.wasNull() ? Optional.empty() : Optional.of(ftp);
        return new Athlete(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Optional.ofNullable(rs.getString(6)),
                Optional.ofNullable(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)),
                Optional.ofNullable(rs.getString(9)),
                maybeWeight,
                maybeFtp,
                rs.getBoolean(12),
                Instant.ofEpochSecond(rs.getLong(13)),
                Instant.ofEpochSecond(rs.getLong(14)));
    }

    /** An athlete's id and password hash. */
    public record Credentials(long athleteId, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[athleteId=" + athleteId + "]";
        }
    }
}
