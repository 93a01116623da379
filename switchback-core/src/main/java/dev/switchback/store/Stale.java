package dev.switchback.store;

import java.util.HashSet;
import java.util.Set;

/**
 * What a write transaction made stale in the {@link ReadCache}s, declared by the work itself: the tags
 * of the entries it may have changed, a grant's id or {@link #APPS}. Work that declares nothing specific
 * empties the caches.
 */
public final class Stale {
    /** The tag of every cached app row (grant ids are positive): work that changes an app declares it. */
    public static final long APPS = -1;

    private final Set<Long> tags = new HashSet<>();
    private boolean everything;

    /** Stale for work that did not say what it changed. */
    static Stale everything() {
        Stale stale = new Stale();
        stale.everything = true;
        return stale;
    }

    /** The cached entries tagged {@code tag} may no longer be true after this commit. */
    public void tag(long tag) {
        tags.add(tag);
    }

    void addAll(Stale other) {
        everything |= other.everything;
        tags.addAll(other.tags);
    }

    boolean isEverything() {
        return everything;
    }

    Set<Long> tags() {
        return tags;
    }
}
