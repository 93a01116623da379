package dev.switchback.app;

import java.util.Optional;
import java.util.regex.Pattern;

/** A {@code client_id} as sent: Strava's ids are plain integers, so only digits are one. */
public final class ClientId {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private ClientId() {}

    /** Whether {@code value} is written as an integer at all (digits only; no sign, space or point). */
    public static boolean isNumeric(String value) {
        return value != null && DIGITS.matcher(value).matches();
    }

    /** The id, if {@code value} is digits that fit a {@code long}; empty otherwise. */
    public static Optional<AppId> parse(String value) {
        if (!isNumeric(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AppId(Long.parseLong(value)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}
