package dev.switchback.athlete;

import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Athletes in the database; every method runs in the caller's transaction. */
public final class AthleteStore {
    private static final String COLUMNS = """
            id, username, firstname, lastname, bio, city, state, country, sex, weight, ftp, premium, created_at, updated_at""";

    /** Inserts an athlete; empty if the username is taken. */
    public Optional<Athlete> insert(Tx tx, NewAthlete athlete, String passwordHash, Instant now) {
        if (findByUsername(tx, athlete.username()).isPresent()) {
            return Optional.empty();
        }
        AthleteId id = new AthleteId(tx.sql("""
                        INSERT INTO athletes (username, password_hash, firstname, lastname, created_at, updated_at)
                        VALUES (:username, :hash, :firstname, :lastname, :now, :now)
                        RETURNING id""")
                .bind("username", athlete.username())
                .bind("hash", passwordHash)
                .bind("firstname", athlete.firstname())
                .bind("lastname", athlete.lastname())
                .bind("now", now)
                .number());
        return find(tx, id);
    }

    /** Replaces the password hash of {@code username}; false if there is no such athlete. */
    public boolean updatePassword(Tx tx, String username, String passwordHash, Instant now) {
        return tx.sql("UPDATE athletes SET password_hash = :hash, updated_at = :now WHERE username = :username")
                        .bind("hash", passwordHash)
                        .bind("now", now)
                        .bind("username", username)
                        .update()
                == 1;
    }

    /** One athlete: the read of {@code GET /athlete}, columns by position. */
    public Optional<Athlete> find(Tx tx, AthleteId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM athletes WHERE id = :id")
                .bind("id", id)
                .one(AthleteStore::map);
    }

    public Optional<Athlete> findByUsername(Tx tx, String username) {
        return tx.sql("SELECT " + COLUMNS + " FROM athletes WHERE username = :username")
                .bind("username", username)
                .one(AthleteStore::map);
    }

    /** The stored password hash of a username, for login. */
    public Optional<Credentials> credentials(Tx tx, String username) {
        return tx.sql("SELECT id, password_hash FROM athletes WHERE username = :username")
                .bind("username", username)
                .one(row -> new Credentials(new AthleteId(row.getLong(1)), row.getString(2)));
    }

    /** Sets weight and FTP where given (the profile:write fields, contract#scope-matrix); empty if there is no such athlete. */
    public Optional<Athlete> updateProfile(
            Tx tx, AthleteId id, Optional<Double> weight, Optional<Integer> ftp, Instant now) {
        tx.sql("""
                        UPDATE athletes
                           SET weight = CASE WHEN :set_weight THEN :weight ELSE weight END,
                               ftp = CASE WHEN :set_ftp THEN :ftp ELSE ftp END,
                               updated_at = :now
                         WHERE id = :id""")
                .bind("set_weight", weight.isPresent())
                .bind("weight", weight.orElse(null))
                .bind("set_ftp", ftp.isPresent())
                .bind("ftp", ftp.orElse(null))
                .bind("now", now)
                .bind("id", id)
                .update();
        return find(tx, id);
    }

    public List<Athlete> list(Tx tx) {
        return tx.sql("SELECT " + COLUMNS + " FROM athletes ORDER BY id").list(AthleteStore::map);
    }

    public boolean isEmpty(Tx tx) {
        return !tx.sql("SELECT id FROM athletes LIMIT 1").exists();
    }

    /** An athlete from a row of {@link #COLUMNS}, read by position. */
    static Athlete map(ResultSet rs) throws SQLException {
        return new Athlete(
                new AthleteId(rs.getLong(1)),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Optional.ofNullable(rs.getString(6)),
                Optional.ofNullable(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)),
                Optional.ofNullable(rs.getString(9)),
                Rows.optionalDouble(rs, 10),
                Rows.optionalInt(rs, 11),
                rs.getBoolean(12),
                Rows.instant(rs, 13),
                Rows.instant(rs, 14));
    }

    /** An athlete's id and password hash. */
    public record Credentials(AthleteId athleteId, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[athleteId=" + athleteId + "]";
        }
    }
}
