package dev.switchback.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Keeps the {@link ReadCache}s of one SQLite file exact for every process that writes it: the CLI, another
 * server, a person with the {@code sqlite3} shell. SQLite numbers every commit (the wal-index's
 * {@code iChange}, see {@link WalIndex}); a cached read may be served only once every commit since it was
 * made is accounted for:
 * <ul>
 *   <li>a commit of this process's group-commit writer is numbered before it commits, while the writer
 *       holds the write lock, and evicts what its statements changed (see {@link Changes}) before its
 *       callers hear of it;</li>
 *   <li>any other commit, from another process or from this one outside the writer, empties every cache.</li>
 * </ul>
 * Until a commit of the writer has done its evictions, the caches are not used: reads go to the database.
 */
public final class CommitWatch implements AutoCloseable {
    private static final long MASK = 0xFFFF_FFFFL;
    /** More commits than this since the last look (or iChange going back) empties the caches unexamined. */
    private static final long MAX_WALK = 1 << 16;

    private static final Logger LOG = LoggerFactory.getLogger(CommitWatch.class);

    private final WalIndex index;
    private final List<ReadCache<?, ?>> caches = new CopyOnWriteArrayList<>();
    /** The writer's commits by number: false while their evictions run, true once they are done. */
    private final ConcurrentHashMap<Long, Boolean> writerCommits = new ConcurrentHashMap<>();

    private volatile WalIndex.Stamp accounted;
    /** Set for good if the wal-index ever disagrees with a commit of the writer: then nothing is cached. */
    private volatile boolean broken;

    CommitWatch(WalIndex index) {
        this.index = index;
    }

    void register(ReadCache<?, ?> cache) {
        caches.add(cache);
    }

    /** Whether every commit so far is accounted for, so that what the caches hold is what the database holds. */
    boolean upToDate() {
        WalIndex.Stamp now = index.read();
        if (now == null || broken) {
            return false;
        }
        return now.equals(accounted) || catchUp();
    }

    private synchronized boolean catchUp() {
        WalIndex.Stamp now = index.read(); // again, under the lock: a stamp read before it may be older than accounted
        WalIndex.Stamp from = accounted;
        if (now == null || broken) {
            return false;
        }
        if (now.equals(from)) {
            return true;
        }
        long between = from == null ? MAX_WALK + 1 : now.commitsSince(from);
        // The same count with another header is a restart of the WAL (same content), or else SQLite rebuilt
        // the wal-index after a crash, which sets the count back to zero: then nothing can be vouched for.
        boolean foreign = between > MAX_WALK || (between == 0 && !now.isRestartOf(from));
        for (long i = 1; !foreign && i <= between; i++) {
            Boolean evicted = writerCommits.get((from.commits() + i) & MASK);
            if (evicted == null) {
                foreign = true;
            } else if (!evicted) {
                return false;
            }
        }
        if (foreign) {
            caches.forEach(ReadCache::clear);
        }
        writerCommits.keySet().removeIf(number -> ((now.commits() - number) & MASK) < MAX_WALK);
        accounted = now;
        return true;
    }

    /** Rows changed so far on the connection ({@code sqlite3_total_changes}). */
    static long changesSoFar(Connection connection) {
        try {
            return connection.unwrap(SQLiteConnection.class).getDatabase().total_changes();
        } catch (SQLException e) {
            throw new Database.StatementFailedException(e);
        }
    }

    /**
     * Numbers the commit of a writer transaction that changed rows: it holds the write lock (every
     * transaction begins IMMEDIATE), so its commit is the next iChange. Answers -1 if the header cannot be
     * read; that commit then counts as another process's.
     */
    long numberNextCommit() {
        for (int attempt = 0; attempt < 3; attempt++) {
            WalIndex.Stamp now = index.read();
            if (now != null) {
                long number = (now.commits() + 1) & MASK;
                writerCommits.put(number, false);
                return number;
            }
        }
        return -1;
    }

    /** After the numbered commit: evicts what it changed, then lets the caches be used again. */
    void committed(long number, Changes changes) {
        caches.forEach(cache -> cache.evict(changes));
        WalIndex.Stamp now = index.read();
        if (now != null && ((now.commits() - number) & MASK) > MAX_WALK) {
            // The header has not reached the commit just made: it is not the live wal-index of this database.
            LOG.error(
                    "the wal-index of the database did not count a commit; the token-check cache is off until restart");
            broken = true;
            caches.forEach(ReadCache::clear);
            return;
        }
        writerCommits.replace(number, false, true);
        upToDate();
    }

    /** The numbered commit failed, or may have: the caches start again from nothing. */
    void failed(long number) {
        caches.forEach(ReadCache::clear);
        writerCommits.remove(number);
    }

    @Override
    public void close() {
        index.close();
    }
}
