package dev.switchback.api;

import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Numbers as the API and activity files write them (contract#plain-decimals): decimal digits with an optional
 * sign, fraction and exponent ({@code -12.5}, {@code .5}, {@code 1E3}). Java's own parser takes more, which
 * no file or form means: hexadecimal floats ({@code 0x1p3}), type suffixes ({@code 1d}, {@code 2f}),
 * {@code NaN} and {@code Infinity}; those are refused.
 */
public final class Decimals {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?");
    /** Longer than any real value, short enough that parsing one costs nothing. */
    private static final int MAX_CHARS = 64;

    private Decimals() {}

    /** The number {@code text} writes, or empty when it is not a finite plain decimal. */
    public static OptionalDouble parse(String text) {
        if (text == null || text.length() > MAX_CHARS || !DECIMAL.matcher(text).matches()) {
            return OptionalDouble.empty();
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
