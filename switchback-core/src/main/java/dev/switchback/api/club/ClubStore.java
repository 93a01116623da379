package dev.switchback.api.club;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Clubs and their members. */
public final class ClubStore {
    private static final String COLUMNS = """
            c.id, c.name, c.description, c.sport_type, c.city, c.state, c.country, c.private, c.featured, c.verified,
            c.url, c.owner_id, c.created_at, c.updated_at,
            (SELECT COUNT(*) FROM club_members n WHERE n.club_id = c.id) AS member_count""";

    private final Jdbi jdbi;

    public ClubStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts a club with its owner as an admin member; empty if its url is taken. */
    Optional<ClubId> insert(NewClub club, Instant now) {
        return jdbi.inTransaction(handle -> {
            if (club.url().isPresent() && urlTaken(handle, club.url().get())) {
                return Optional.empty();
            }
            ClubId id = new ClubId(handle.createQuery("""
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
                    .bind("now", now.getEpochSecond())
                    .mapTo(Long.class)
                    .one());
            join(handle, id, club.ownerId(), true, now);
            return Optional.of(id);
        });
    }

    private static boolean urlTaken(Handle handle, String url) {
        return handle.createQuery("SELECT COUNT(*) FROM clubs WHERE url = :url").bind("url", url).mapTo(Long.class).one() > 0;
    }

    /** Adds a member, or changes whether they are an admin. */
    void join(ClubId id, long athleteId, boolean admin, Instant now) {
        jdbi.useHandle(handle -> join(handle, id, athleteId, admin, now));
    }

    private static void join(Handle handle, ClubId id, long athleteId, boolean admin, Instant now) {
        handle.createUpdate("""
                        INSERT INTO club_members (club_id, athlete_id, admin, joined_at) VALUES (:club, :athlete, :admin, :now)
                        ON CONFLICT (club_id, athlete_id) DO UPDATE SET admin = excluded.admin""")
                .bind("club", id.value())
                .bind("athlete", athleteId)
                .bind("admin", admin)
                .bind("now", now.getEpochSecond())
                .execute();
    }

    public Optional<Club> find(ClubId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM clubs c WHERE c.id = :id")
                .bind("id", id.value())
                .map(ClubStore::map)
                .findOne());
    }

    public Optional<Membership> membership(ClubId id, long athleteId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT m.admin, c.owner_id FROM club_members m JOIN clubs c ON c.id = m.club_id
                         WHERE m.club_id = :club AND m.athlete_id = :athlete""")
                .bind("club", id.value())
                .bind("athlete", athleteId)
                .map((rs, ctx) -> new Membership(rs.getBoolean("admin"), rs.getLong("owner_id") == athleteId))
                .findOne());
    }

    /** The clubs an athlete belongs to, in the order they joined. */
    public List<ClubView> listByMember(long athleteId, int limit, long offset) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                        , m.admin AS member_admin
                         FROM club_members m JOIN clubs c ON c.id = m.club_id
                        WHERE m.athlete_id = :athlete
                        ORDER BY m.joined_at, c.id
                        LIMIT :limit OFFSET :offset""")
                .bind("athlete", athleteId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> {
                    Club club = map(rs, ctx);
                    return new ClubView(club, Optional.of(new Membership(rs.getBoolean("member_admin"),
                            club.ownerId().equals(Optional.of(athleteId)))));
                })
                .list());
    }

    /** A club's members: admins first, then in the order they joined. */
    public List<ClubMember> members(ClubId id, int limit, long offset) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT a.id, a.firstname, a.lastname, m.admin, c.owner_id
                          FROM club_members m
                          JOIN athletes a ON a.id = m.athlete_id
                          JOIN clubs c ON c.id = m.club_id
                         WHERE m.club_id = :club
                         ORDER BY m.admin DESC, m.joined_at, a.id
                         LIMIT :limit OFFSET :offset""")
                .bind("club", id.value())
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> new ClubMember(rs.getLong("id"), rs.getString("firstname"), rs.getString("lastname"),
                        rs.getBoolean("admin"), rs.getLong("owner_id") == rs.getLong("id")))
                .list());
    }

    private static Club map(ResultSet rs, StatementContext ctx) throws SQLException {
        long owner = rs.getLong("owner_id");
        Optional<Long> ownerId = rs.wasNull() ? Optional.empty() : Optional.of(owner);
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
                ownerId,
                rs.getLong("member_count"),
                Instant.ofEpochSecond(rs.getLong("created_at")),
                Instant.ofEpochSecond(rs.getLong("updated_at")));
    }
}
