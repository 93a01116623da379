package dev.switchback.server.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The newest {@link #CAPACITY} requests the server answered, for a test to assert what its app sent
 * (contract#emulator-journal). An entry holds no token, code or secret: the path without its query, the
 * status, the client and athlete ids, and on {@code /oauth/token} the grant type and the outcome.
 */
public final class RequestJournal {
    public static final int CAPACITY = 10_000;

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long lastId;

    /** One request; {@code outcome} is {@code issued} or the RFC 6749 error of a refused token request. */
    public record Entry(
            long id,
            Instant time,
            String method,
            String path,
            int status,
            Optional<Long> clientId,
            Optional<Long> athleteId,
            Optional<String> grantType,
            Optional<String> outcome,
            boolean injected) {}

    /** Records {@code request} (its id is ignored) under the next id. */
    public synchronized void add(Entry request) {
        lastId++;
        entries.addLast(new Entry(
                lastId,
                request.time(),
                request.method(),
                request.path(),
                request.status(),
                request.clientId(),
                request.athleteId(),
                request.grantType(),
                request.outcome(),
                request.injected()));
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    /** The entries after {@code id}, oldest first. */
    public synchronized List<Entry> since(long id) {
        List<Entry> after = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.id() > id) {
                after.add(entry);
            }
        }
        return after;
    }

    /** Forgets every entry; ids keep counting, so a test's {@code since} stays meaningful. */
    public synchronized void clear() {
        entries.clear();
    }
}
