package dev.switchback.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A bounded cache of rows read from SQLite that is never behind the database: an entry is served only while
 * {@link CommitWatch} accounts for every commit since it was read, by any process. Each entry carries a
 * tag (the grant it belongs to, or {@link #NO_TAG}); the group-commit writer's transactions evict the grants
 * they changed (see {@link Changes}), any other commit empties the cache. Absent rows are not cached. Without a watch (PostgreSQL,
 * an in-memory database), every read goes to the database.
 *
 * <p>A read that misses notes the cache's generation before it goes to the database, and its row is kept
 * only if no eviction happened meanwhile: a row read just before a commit cannot outlive that commit's eviction.
 */
public final class ReadCache<K, V> {
    /** The tag of rows that belong to no grant (an app): evicted only when the cache is emptied. */
    public static final long NO_TAG = -1;

    private final Optional<CommitWatch> watch;
    private final int capacity;
    private final ToLongFunction<V> tagOf;
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final Map<Long, List<K>> keysByTag = new HashMap<>();
    private volatile long generation;
    private final LongAdder hits = new LongAdder();

    ReadCache(Optional<CommitWatch> watch, int capacity, ToLongFunction<V> tagOf) {
        this.watch = watch;
        this.capacity = capacity;
        this.tagOf = tagOf;
        watch.ifPresent(w -> w.register(this));
    }

    /** The cached row for {@code key}, else {@code read}'s answer (kept when present). */
    public Optional<V> get(K key, Supplier<Optional<V>> read) {
        if (watch.isEmpty() || !watch.get().upToDate()) {
            return read.get();
        }
        V cached = entries.get(key);
        if (cached != null) {
            hits.increment();
            return Optional.of(cached);
        }
        long before = generation;
        Optional<V> row = read.get();
        row.ifPresent(value -> keep(key, value, before));
        return row;
    }

    /** Lookups answered from the cache so far (a metric). */
    public long hits() {
        return hits.sum();
    }

    private synchronized void keep(K key, V value, long before) {
        if (generation != before || entries.containsKey(key)) {
            return;
        }
        if (entries.size() >= capacity) {
            empty(); // simple, and O(1) a row; a working set beyond the capacity reads the database as before
        }
        entries.put(key, value);
        keysByTag
                .computeIfAbsent(tagOf.applyAsLong(value), tag -> new ArrayList<>(2))
                .add(key);
    }

    synchronized void evict(Changes changes) {
        if (changes.isEverything()) {
            clear();
            return;
        }
        if (changes.grants().isEmpty()) {
            return;
        }
        generation++;
        for (long tag : changes.grants()) {
            List<K> keys = keysByTag.remove(tag);
            if (keys != null) {
                keys.forEach(entries::remove);
            }
        }
    }

    synchronized void clear() {
        generation++;
        empty();
    }

    /** Drops every row; unlike {@link #clear}, rows being read now may still be kept: nothing changed. */
    private void empty() {
        entries.clear();
        keysByTag.clear();
    }

    /** How many rows are cached (for tests). */
    int size() {
        return entries.size();
    }
}
