package dev.switchback.server.config;

import dev.switchback.server.config.Setting.Invalid;
import dev.switchback.server.config.Setting.Parser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsers {@link Keys} builds its settings from; each refuses text with the rule it breaks. */
final class Parsers {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Parsers() {}

    /** Any text but an empty one. */
    static Parser<String> text() {
        return required(text -> text);
    }

    static Parser<Integer> integer(int min, int max) {
        return required(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new Invalid("must be a whole number");
            }
        }).check(n -> n >= min && n <= max, "must be between " + min + " and " + max);
    }

    static Parser<Boolean> bool() {
        return required(text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new Invalid("must be true or false");
        });
    }

    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 2d} or ISO-8601 ({@code PT30S}); never negative. */
    static Parser<Duration> duration() {
        return required(Parsers::parseDuration).check(duration -> !duration.isNegative(), "must not be negative");
    }

    static Parser<Duration> positiveDuration() {
        return duration().check(duration -> !duration.isZero(), "must be longer than 0s");
    }

    static Parser<Duration> duration(Duration min, Duration max) {
        return duration().check(duration -> duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0,
                "must be between " + min.toSeconds() + "s and " + max.toSeconds() + "s");
    }

    /** An http or https URL with a host; empty text means none. */
    static Parser<Optional<URI>> httpUrl() {
        return text -> {
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            throw new Invalid("must be an http or https URL");
        };
    }

    /** Text that starts with one of {@code schemes}, such as {@code redis://}. */
    static Parser<String> url(String... schemes) {
        String rule = "must be a " + words(List.of(schemes)) + " URL";
        return text().check(text -> List.of(schemes).stream().anyMatch(text::startsWith), rule);
    }

    /** One of {@code words}, in any case; the word in lower case. */
    static Parser<String> oneOf(String... words) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (String word : words) {
            choices.put(word, word);
        }
        return oneOf(choices);
    }

    /** One of the keys of {@code choices}, in any case; its value. */
    static <T> Parser<T> oneOf(Map<String, T> choices) {
        String rule = "must be " + words(new ArrayList<>(choices.keySet()));
        return required(text -> {
            T value = choices.get(text.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new Invalid(rule);
            }
            return value;
        });
    }

    private static <T> Parser<T> required(Function<String, T> parse) {
        return text -> {
            if (text.isEmpty()) {
                throw new Invalid("must be set");
            }
            return parse.apply(text);
        };
    }

    /** {@code a, b or c}. */
    private static String words(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    private static Duration parseDuration(String text) {
        try {
            return durationOf(text.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new Invalid("must be a duration such as 30s, 15m or 12h");
        }
    }

    private static Duration durationOf(String text) {
        if (text.startsWith("p")) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
