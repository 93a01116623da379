package dev.switchback.api.club;

import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Clubs and their members; every method runs in the caller's transaction. */
public final class ClubStore {
    private static final String COLUMNS = """
            c.id, c.name, c.description, c.sport_type, c.city, c.state, c.country, c.private, c.featured, c.verified,
            c.url, c.owner_id, c.created_at, c.updated_at,
            (SELECT COUNT(*) FROM club_members n WHERE n.club_id = c.id) AS member_count""";

    /** Inserts a club with its owner as an admin member; empty if its url is taken. */
    Optional<ClubId> insert(Tx tx, NewClub club, Instant now) {
        if (club.url().isPresent() && urlTaken(tx, club.url().get())) {
            return Optional.empty();
        }
        ClubId id = new ClubId(tx.sql("""
                        INSERT INTO clubs (name, description, sport_type, city, state, country, private, url, owner_id,
                            created_at, updated_at)
                        VALUES (:name, :description, :sportType, :city, :state, :country, :private, :url, :owner, :now, :now)
                        RETURNING id""")
                .bind("name", club.name())
                .bind("description", club.description())
                .bind("sportType", club.sportType().wireName())
                .bind("city", club.city().orElse(null))
                .bind("state", club.state().orElse(null))
                .bind("country", club.country().orElse(null))
                .bind("private", club.isPrivate())
                .bind("url", club.url().orElse(null))
                .bind("owner", club.ownerId())
                .bind("now", now)
                .number());
        join(tx, id, club.ownerId(), true, now);
        return Optional.of(id);
    }

    private static boolean urlTaken(Tx tx, String url) {
        return tx.sql("SELECT id FROM clubs WHERE url = :url").bind("url", url).exists();
    }

    /** Adds a member, or changes whether they are an admin. */
    void join(Tx tx, ClubId id, AthleteId athlete, boolean admin, Instant now) {
        tx.sql("""
                        INSERT INTO club_members (club_id, athlete_id, admin, joined_at) VALUES (:club, :athlete, :admin, :now)
                        ON CONFLICT (club_id, athlete_id) DO UPDATE SET admin = excluded.admin""")
                .bind("club", id)
                .bind("athlete", athlete)
                .bind("admin", admin)
                .bind("now", now)
                .update();
    }

    public Optional<Club> find(Tx tx, ClubId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM clubs c WHERE c.id = :id")
                .bind("id", id)
                .one(ClubStore::map);
    }

    public Optional<Membership> membership(Tx tx, ClubId id, AthleteId athlete) {
        return tx.sql("""
                        SELECT m.admin, c.owner_id FROM club_members m JOIN clubs c ON c.id = m.club_id
                         WHERE m.club_id = :club AND m.athlete_id = :athlete""")
                .bind("club", id)
                .bind("athlete", athlete)
                .one(rs -> new Membership(rs.getBoolean("admin"), rs.getLong("owner_id") == athlete.value()));
    }

    /** The clubs an athlete belongs to, in the order they joined. */
    public List<ClubView> listByMember(Tx tx, AthleteId athlete, int limit, long offset) {
        return tx.sql("SELECT " + COLUMNS + """
                        , m.admin AS member_admin
                         FROM club_members m JOIN clubs c ON c.id = m.club_id
                        WHERE m.athlete_id = :athlete
                        ORDER BY m.joined_at, c.id
                        LIMIT :limit OFFSET :offset""")
                .bind("athlete", athlete)
                .bind("limit", limit)
                .bind("offset", offset)
                .list(rs -> {
                    Club club = map(rs);
                    return new ClubView(
                            club,
                            Optional.of(new Membership(
                                    rs.getBoolean("member_admin"),
                                    club.ownerId().equals(Optional.of(athlete)))));
                });
    }

    /** A club's members: admins first, then in the order they joined. */
    public List<ClubMember> members(Tx tx, ClubId id, int limit, long offset) {
        return tx.sql("""
                        SELECT a.id, a.firstname, a.lastname, m.admin, c.owner_id
                          FROM club_members m
                          JOIN athletes a ON a.id = m.athlete_id
                          JOIN clubs c ON c.id = m.club_id
                         WHERE m.club_id = :club
                         ORDER BY m.admin DESC, m.joined_at, a.id
                         LIMIT :limit OFFSET :offset""")
                .bind("club", id)
                .bind("limit", limit)
                .bind("offset", offset)
                .list(rs -> new ClubMember(
                        new AthleteId(rs.getLong("id")),
                        rs.getString("firstname"),
                        rs.getString("lastname"),
                        rs.getBoolean("admin"),
                        rs.getLong("owner_id") == rs.getLong("id")));
    }

    private static Club map(ResultSet rs) throws SQLException {
        return new Club(
                new ClubId(rs.getLong("id")),
                rs.getString("name"),
                rs.getString("description"),
                ClubSportType.fromWireName(rs.getString("sport_type")).orElse(ClubSportType.OTHER),
                Optional.ofNullable(rs.getString("city")),
                Optional.ofNullable(rs.getString("state")),
                Optional.ofNullable(rs.getString("country")),
                rs.getBoolean("private"),
                rs.getBoolean("featured"),
                rs.getBoolean("verified"),
                Optional.ofNullable(rs.getString("url")),
                Rows.optionalLong(rs, "owner_id").map(AthleteId::new),
                rs.getLong("member_count"),
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }
}
