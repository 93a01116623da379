package dev.switchback.athlete;

import dev.switchback.store.Database;
import dev.switchback.telemetry.SecurityLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Creating athletes and checking their passwords. */
public final class AthleteService {
    private final Database database;
    private final AthleteStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;

    public AthleteService(
            Database database, AthleteStore store, PasswordHasher hasher, LoginThrottle throttle, Clock clock) {
        this.database = database;
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Creates an athlete; throws {@link IllegalArgumentException} if the username is taken. */
    public Athlete create(NewAthlete athlete) {
        String hash = hasher.hash(athlete.password());
        Arrays.fill(athlete.password(), '\0');
        return database.write(tx -> store.insert(tx, athlete, hash, clock.instant()))
                .orElseThrow(() -> new IllegalArgumentException("username '" + athlete.username() + "' is taken"));
    }

    /**
     * Sets the password of {@code username} (at least 8 characters, as {@link NewAthlete} asks); sessions already
     * open stay open.
     *
     * @throws IllegalArgumentException if there is no such athlete or the password is too short or too long
     */
    public void setPassword(String username, char[] password) {
        String checked = new NewAthlete(username, "x", "x", password).username();
        String hash = hasher.hash(password);
        Arrays.fill(password, '\0');
        if (!database.write(tx -> store.updatePassword(tx, checked, hash, clock.instant()))) {
            throw new IllegalArgumentException("no athlete with username '" + checked + "'");
        }
    }

    public Optional<Athlete> find(AthleteId id) {
        return database.read(tx -> store.find(tx, id));
    }

    public Optional<Athlete> findByUsername(String username) {
        return database.read(tx -> store.findByUsername(tx, username.trim().toLowerCase(Locale.ROOT)));
    }

    /** {@code PUT /athlete}: weight (kg) and FTP (W), each only if given. */
    public Optional<Athlete> updateProfile(AthleteId id, Optional<Double> weight, Optional<Integer> ftp) {
        return database.write(tx -> store.updateProfile(tx, id, weight, ftp, clock.instant()));
    }

    public List<Athlete> list() {
        return database.read(store::list);
    }

    public boolean isEmpty() {
        return database.read(store::isEmpty);
    }

    /**
     * Checks a login, slowed down per account and per address: the attempt is counted before the password is
     * checked, and one the throttle refuses is answered without checking it (contract#login).
     */
    public LoginResult login(String username, char[] password, String address) {
        Optional<Duration> refused = throttle.take(username, address);
        if (refused.isPresent()) {
            SecurityLog.loginThrottled(address, refused.get());
            return new LoginResult.Throttled(refused.get());
        }
        String key = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        Optional<AthleteStore.Credentials> credentials =
                key.isEmpty() ? Optional.empty() : database.read(tx -> store.credentials(tx, key));
        boolean valid;
        if (credentials.isPresent()) {
            valid = hasher.verify(password, credentials.get().passwordHash());
        } else {
            hasher.verifyNothing(password);
            valid = false;
        }
        if (!valid) {
            SecurityLog.loginFailed(address, credentials.map(AthleteStore.Credentials::athleteId));
            return new LoginResult.Rejected(); // the attempt stays counted
        }
        throttle.succeeded(key, address);
        return new LoginResult.Accepted(credentials.get().athleteId());
    }

    /** The outcome of a login attempt. */
    public sealed interface LoginResult {
        record Accepted(AthleteId athleteId) implements LoginResult {}

        record Rejected() implements LoginResult {}

        record Throttled(Duration retryAfter) implements LoginResult {}
    }
}
