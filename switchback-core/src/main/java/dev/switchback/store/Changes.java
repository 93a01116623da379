package dev.switchback.store;

import java.util.HashSet;
import java.util.Set;

/**
 * What a committed write transaction may have changed of what the {@link ReadCache}s hold: the grants it
 * declared, or everything. The caches hold rows of {@code access_tokens} (with their app's limits) and of
 * {@code apps}; {@code grants} and {@code athletes} cascade into them.
 *
 * <p>It fails closed: {@link Tx} builds it from the statements that ran, not from what the work says.
 * A write to {@code grants} or {@code access_tokens} counts only for the grant it names (bound as
 * {@code :grant}, or declared by the store with {@link Tx#changedGrant} right after a write that found its
 * grant itself); one that names none, a write to {@code apps} or {@code athletes}, and a write whose table
 * cannot be read from its SQL, change everything. Writes to any other table change nothing cached.
 */
final class Changes {
    /** Tables whose rows are cached per grant. */
    static final Set<String> GRANT_TABLES = Set.of("grants", "access_tokens");
    /** Tables whose change may reach any cached row (a limit of an app; an athlete's grants, by cascade). */
    static final Set<String> WHOLE_TABLES = Set.of("apps", "athletes");

    static final Changes NONE = new Changes(Set.of(), false);
    static final Changes EVERYTHING = new Changes(Set.of(), true);

    private final Set<Long> grants;
    private final boolean everything;

    private Changes(Set<Long> grants, boolean everything) {
        this.grants = grants;
        this.everything = everything;
    }

    static Changes ofGrants(Set<Long> grants) {
        return grants.isEmpty() ? NONE : new Changes(Set.copyOf(grants), false);
    }

    /** Both: what a group of transactions committed together changed. */
    Changes and(Changes other) {
        if (everything || other.everything) {
            return EVERYTHING;
        }
        if (other.grants.isEmpty()) {
            return this;
        }
        if (grants.isEmpty()) {
            return other;
        }
        Set<Long> both = new HashSet<>(grants);
        both.addAll(other.grants);
        return new Changes(both, false);
    }

    boolean isEverything() {
        return everything;
    }

    Set<Long> grants() {
        return grants;
    }

    @Override
    public String toString() {
        return everything ? "Changes[everything]" : "Changes" + grants;
    }
}
