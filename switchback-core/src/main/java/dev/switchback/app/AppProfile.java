package dev.switchback.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the developer page asks of an app (contract#developer-page): Strava's "Application Name", "Category",
 * "Website", "Application Description" and "Authorization Callback Domain", checked as the CLI checks the name and
 * the domain; the icon is set apart ({@link AppIcon}).
 */
public record AppProfile(
        String name, String category, String website, String description, CallbackDomain callbackDomain) {
    public static final int MAX_NAME = 100;
    public static final int MAX_WEBSITE = 300;
    public static final int MAX_DESCRIPTION = 1000;
    /** The categories of Strava's form (contract#developer-page). */
    public static final List<String> CATEGORIES = List.of(
            "Data Importer",
            "Performance Analysis",
            "Route Planning",
            "Social Motivation",
            "Training",
            "Visualizer",
            "Virtual Reality",
            "Other");

    /**
     * The profile these form values describe.
     *
     * @throws InvalidAppException naming each field that is wrong, with a message for it
     */
    public static AppProfile parse(String name, String category, String website, String description, String domain) {
        Map<String, String> errors = new LinkedHashMap<>();
        String cleanName = trim(name);
        if (cleanName.isEmpty()) {
            errors.put("name", "Enter the application's name.");
        } else if (cleanName.length() > MAX_NAME) {
            errors.put("name", "The name must be at most " + MAX_NAME + " characters.");
        }
        String cleanCategory = trim(category);
        if (!CATEGORIES.contains(cleanCategory)) {
            errors.put("category", "Choose a category.");
        }
        String cleanWebsite = trim(website);
        checkWebsite(cleanWebsite).ifPresent(message -> errors.put("website", message));
        String cleanDescription = trim(description);
        if (cleanDescription.length() > MAX_DESCRIPTION) {
            errors.put("description", "The description must be at most " + MAX_DESCRIPTION + " characters.");
        }
        CallbackDomain callbackDomain = null;
        try {
            callbackDomain = new CallbackDomain(domain);
        } catch (IllegalArgumentException e) {
            errors.put("callback_domain", sentence(e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidAppException(errors);
        }
        return new AppProfile(cleanName, cleanCategory, cleanWebsite, cleanDescription, callbackDomain);
    }

    /** An absolute http or https URL with a host, as Strava's "Website" field asks. */
    private static Optional<String> checkWebsite(String website) {
        if (website.isEmpty()) {
            return Optional.of("Enter the application's website.");
        }
        if (website.length() > MAX_WEBSITE) {
            return Optional.of("The website must be at most " + MAX_WEBSITE + " characters.");
        }
        try {
            URI uri = new URI(website);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        return Optional.of("The website must be an http:// or https:// address, such as https://example.com.");
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String sentence(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }

    /** A profile whose fields were refused: each field's name and what is wrong with it. */
    public static final class InvalidAppException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial") // an unmodifiable view of a LinkedHashMap, which is serializable
        private final Map<String, String> errors;

        public InvalidAppException(Map<String, String> errors) {
            super(errors.toString());
            this.errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }

        /** Each refused field and its message (field names as the form has them: {@code callback_domain}). */
        public Map<String, String> errors() {
            return errors;
        }
    }
}
