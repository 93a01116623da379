package dev.switchback.athlete;

import java.util.Locale;
import java.util.regex.Pattern;

/** What it takes to create an athlete; validated on construction, with the field named in the message. */
public record NewAthlete(String username, String firstname, String lastname, char[] password) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{1,63}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;
    private static final int MAX_NAME = 100;

    public NewAthlete {
        username = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 2 to 64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit (got '"
                            + username + "')");
        }
        firstname = requireName("firstname", firstname);
        lastname = requireName("lastname", lastname);
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length > MAX_PASSWORD) {
            throw new IllegalArgumentException("password must be at most " + MAX_PASSWORD + " characters");
        }
    }

    private static String requireName(String field, String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw new IllegalArgumentException(
                    field + " must be 1 to " + MAX_NAME + " characters (got '" + trimmed + "')");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "NewAthlete[username=" + username + "]";
    }
}
