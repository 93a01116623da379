package dev.switchback.server.emulator;

import dev.switchback.fault.FaultException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock: the clock it was given, moved forward by what {@code POST /_switchback/clock} asked
 * (contract#emulator-clock). It keeps ticking with the clock under it, and never moves backwards: everything the
 * server decides by time (token and code expiry, rate-limit windows, housekeeping, {@code expires_at}) reads this
 * one clock.
 */
public final class EmulatorClock extends Clock {
    /** The clock goes no further: instants are stored as epoch seconds, and no token outlives this year. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC: the server keeps instants, never local times. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.normalized().equals(zone.normalized())) {
            throw new UnsupportedOperationException("the emulator's clock is UTC only, not " + zone);
        }
        return this;
    }

    /** Moves the clock forward by {@code amount}; a negative amount is {@code Clock/advance/invalid}. */
    public synchronized Instant advance(Duration amount) {
        if (amount.isNegative()) {
            throw FaultException.invalid("Clock", "advance", "advance must not be negative: time never moves back");
        }
        Instant now = instant();
        if (Duration.between(now, LATEST).compareTo(amount) < 0) {
            throw FaultException.invalid("Clock", "advance", "advance goes past " + LATEST);
        }
        offset = offset.plus(amount);
        return instant();
    }

    /** Moves the clock to {@code target}; one before now is {@code Clock/set/invalid}. */
    public synchronized Instant set(Instant target) {
        Instant now = instant();
        if (target.isBefore(now)) {
            throw FaultException.invalid("Clock", "set", "set is before the clock's now: time never moves back");
        }
        if (target.isAfter(LATEST)) {
            throw FaultException.invalid("Clock", "set", "set is past " + LATEST);
        }
        offset = offset.plus(Duration.between(now, target));
        return instant();
    }

    /** How far ahead of the clock under it this one is. */
    public Duration offset() {
        return offset;
    }
}
