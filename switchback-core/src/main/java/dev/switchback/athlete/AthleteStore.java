package dev.switchback.athlete;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Athletes in the database. */
public final class AthleteStore {
    private static final String COLUMNS = """
            id, username, firstname, lastname, bio, city, state, country, sex, weight, ftp, premium, created_at, updated_at""";

    private final Jdbi jdbi;

    public AthleteStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts an athlete; empty if the username is taken. */
    public Optional<Athlete> insert(NewAthlete athlete, String passwordHash, Instant now) {
        return jdbi.inTransaction(handle -> {
            if (findByUsername(handle, athlete.username()).isPresent()) {
                return Optional.empty();
            }
            long id = handle.createUpdate("""
                            INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                            VALUES (:username, :hash, :firstname, :lastname, :now, :now)""")
                    .bind("username", athlete.username())
                    .bind("hash", passwordHash)
                    .bind("firstname", athlete.firstname())
                    .bind("lastname", athlete.lastname())
                    .bind("now", now.getEpochSecond())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return find(handle, id);
        });
    }

    public Optional<Athlete> find(long id) {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    public Optional<Athlete> find(Handle handle, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM athletes WHERE id = :id")
                .bind("id", id)
                .map(AthleteStore::map)
                .findOne();
    }

    public Optional<Athlete> findByUsername(String username) {
        return jdbi.withHandle(handle -> findByUsername(handle, username));
    }

    private Optional<Athlete> findByUsername(Handle handle, String username) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM athletes WHERE username = :username")
                .bind("username", username)
                .map(AthleteStore::map)
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
                .map(AthleteStore::map)
                .list());
    }

    public boolean isEmpty() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM athletes").mapTo(Long.class).one() == 0);
    }

    static Athlete map(ResultSet rs, StatementContext ctx) throws SQLException {
        double weight = rs.getDouble("weight");
        Optional<Double> maybeWeight = rs.wasNull() ? Optional.empty() : Optional.of(weight);
        int ftp = rs.getInt("ftp");
        Optional<Integer> maybeFtp = rs.wasNull() ? Optional.empty() : Optional.of(ftp);
        return new Athlete(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("firstname"),
                rs.getString("lastname"),
                rs.getString("bio"),
                Optional.ofNullable(rs.getString("city")),
                Optional.ofNullable(rs.getString("state")),
                Optional.ofNullable(rs.getString("country")),
                Optional.ofNullable(rs.getString("sex")),
                maybeWeight,
                maybeFtp,
                rs.getBoolean("premium"),
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }

    /** An athlete's id and password hash. */
    public record Credentials(long athleteId, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[athleteId=" + athleteId + "]";
        }
    }
}
