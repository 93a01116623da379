package dev.switchback.scope;

import dev.switchback.fault.FaultException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.StringJoiner;

/**
 * An immutable set of scopes, stored as a bit mask. Parsing accepts Strava's comma-separated list
 * (and spaces, which generic OAuth clients send); {@link #toString()} is the canonical wire form.
 */
public final class ScopeSet {
    public static final ScopeSet READ_ONLY = new ScopeSet(Scope.READ.bit());
    private static final int MAX_SCOPE_PARAMETER = 1024;

    private final int bits;

    private ScopeSet(int bits) {
        this.bits = bits;
    }

    /**
     * Parses a requested {@code scope} parameter. Missing or blank means {@code read}; {@code read} is
     * always included. An unknown or legacy name is {@code Authorize/scope/invalid} (contract#legacy-scopes).
     */
    public static ScopeSet parseRequested(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return READ_ONLY;
        }
        if (parameter.length() > MAX_SCOPE_PARAMETER) {
            throw FaultException.invalid("Authorize", "scope");
        }
        int bits = Scope.READ.bit();
        for (String name : parameter.split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            Scope scope = Scope.fromWireName(name).orElseThrow(() -> FaultException.invalid("Authorize", "scope"));
            bits |= scope.bit();
        }
        return new ScopeSet(bits);
    }

    public static ScopeSet of(Collection<Scope> scopes) {
        int bits = 0;
        for (Scope scope : scopes) {
            bits |= scope.bit();
        }
        return new ScopeSet(bits);
    }

    public static ScopeSet of(Scope... scopes) {
        return of(List.of(scopes));
    }

    /** Restores a set stored as {@link #bits()}. */
    public static ScopeSet fromBits(int bits) {
        return new ScopeSet(bits & ((1 << Scope.values().length) - 1));
    }

    public int bits() {
        return bits;
    }

    public boolean contains(Scope scope) {
        return (bits & scope.bit()) != 0;
    }

    /**
     * Whether a token with these scopes may use something guarded by {@code required}:
     * {@code activity:read_all} satisfies {@code activity:read}, {@code read_all} satisfies {@code read}
     * (contract#scope-implication).
     */
    public boolean permits(Scope required) {
        return switch (required) {
            case ACTIVITY_READ -> contains(Scope.ACTIVITY_READ) || contains(Scope.ACTIVITY_READ_ALL);
            case READ -> contains(Scope.READ) || contains(Scope.READ_ALL);
            default -> contains(required);
        };
    }

    /** Whether every scope of {@code other} is in this set. */
    public boolean containsAll(ScopeSet other) {
        return (bits & other.bits) == other.bits;
    }

    /** The scopes of this set that are also in {@code other}, always with {@code read}. */
    public ScopeSet intersect(ScopeSet other) {
        return new ScopeSet((bits & other.bits) | Scope.READ.bit());
    }

    public List<Scope> asList() {
        List<Scope> scopes = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            if (contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    public EnumSet<Scope> asEnumSet() {
        EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
        set.addAll(asList());
        return set;
    }

    /** Canonical wire form: {@code read} first, the rest alphabetically, comma-separated. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(",");
        for (Scope scope : asList()) {
            joiner.add(scope.wireName());
        }
        return joiner.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScopeSet set && set.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }
}
