package dev.switchback.athlete;

import dev.switchback.store.Database;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Athletes' login sessions, kept on the server (contract#login): an id of 160 random bits that the browser
 * keeps in a cookie, of which the database holds only the digest. A session is whatever row its id finds, so
 * logging out (deleting the row) ends it everywhere at once, and no key, in the database or elsewhere, can make
 * one up. A session without an athlete is a pre-login session, issued by the login form for its CSRF token.
 */
public final class SessionService {
    private final Database database;
    private final SessionStore store;
    private final TokenGenerator generator;
    private final Clock clock;

    public SessionService(Database database, SessionStore store, TokenGenerator generator, Clock clock) {
        this.database = database;
        this.store = store;
        this.generator = generator;
        this.clock = clock;
    }

    /**
     * Starts a session for {@code athlete} (or, without one, a pre-login session) that lasts {@code ttl}, and
     * ends the sessions {@code replaced} names (the browser's pre-login session, a session it had before): the
     * id a browser holds after login is always a new one.
     */
    public Secret start(Optional<AthleteId> athlete, Duration ttl, List<Secret> replaced) {
        Secret id = generator.next();
        Instant now = clock.instant();
        database.write(tx -> {
            replaced.forEach(old -> store.delete(tx, old.digest()));
            store.insert(tx, id.digest(), athlete, now, now.plus(ttl));
            return null;
        });
        return id;
    }

    /** The live session with this id, if any. */
    public Optional<SessionStore.Session> find(Secret id) {
        return database.read(tx -> store.find(tx, id.digest(), clock.instant()));
    }

    /** Ends a session: its id opens nothing any more, on any node. */
    public void end(Secret id) {
        database.write(tx -> {
            store.delete(tx, id.digest());
            return null;
        });
    }
}
