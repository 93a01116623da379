package dev.switchback.api;

import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.util.Optional;

/**
 * Strava's pagination: {@code page} from 1, {@code per_page} 30 by default and at most 200. A value
 * that is not a whole number in range is {@code <resource>/<param>/invalid}, a 400.
 */
public record Page(int page, int perPage) {
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PER_PAGE = 200;
    /** Far beyond any real list; keeps the offset from overflowing. */
    public static final int MAX_PAGE = 1_000_000;

    public static final Page FIRST = new Page(1, DEFAULT_PER_PAGE);

    public Page {
        if (page < 1 || page > MAX_PAGE || perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("page " + page + " of " + perPage + " is out of range");
        }
    }

    /** Reads {@code page} and {@code per_page}; a bad value is a 400 naming {@code resource} and the parameter. */
    public static Page parse(Params params, String resource) {
        int page = number(params.get("page", resource), 1, MAX_PAGE, resource, "page");
        int perPage = number(params.get("per_page", resource), DEFAULT_PER_PAGE, MAX_PER_PAGE, resource, "per_page");
        return new Page(page, perPage);
    }

    private static int number(Optional<String> value, int fallback, int max, String resource, String name) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return fallback;
        }
        String digits = value.get();
        if (!digits.matches("[0-9]{1,7}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > max) {
            throw FaultException.invalid(resource, name);
        }
        return Integer.parseInt(digits);
    }

    /** How many rows come before this page. */
    public long offset() {
        return (long) (page - 1) * perPage;
    }
}
