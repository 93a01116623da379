package dev.switchback.server.config;

import dev.switchback.server.config.Setting.Invalid;
import dev.switchback.server.config.Setting.Parser;
import dev.switchback.token.PageSeal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsers {@link Keys} builds its settings from; each refuses text with the rule it breaks. They are small
 * classes rather than lambdas, and build a rule's message only when it is broken: the registry is created on
 * every start, and each lambda or string concatenation run for the first time costs the JVM a class.
 */
final class Parsers {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Parsers() {}

    /** Any text but an empty one. */
    static Parser<String> text() {
        return new Text();
    }

    /** A file's path; empty text means none. */
    static Parser<Optional<Path>> optionalFile() {
        return text -> text.isBlank() ? Optional.empty() : Optional.of(Path.of(text.trim()));
    }

    static Parser<Integer> integer(int min, int max) {
        return new WholeNumber(min, max);
    }

    static Parser<Boolean> bool() {
        return new Bool();
    }

    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 2d} or ISO-8601 ({@code PT30S}); never negative. */
    static Parser<Duration> duration() {
        return new DurationAtLeast(Duration.ZERO, "must not be negative");
    }

    static Parser<Duration> positiveDuration() {
        return new DurationAtLeast(Duration.ofNanos(1), "must be longer than 0s");
    }

    static Parser<Duration> duration(Duration min, Duration max) {
        return new DurationBetween(min, max);
    }

    /** A comma-separated list of {@code minCount} to {@code maxCount} durations, each between the bounds. */
    static Parser<List<Duration>> durations(Duration min, Duration max, int minCount, int maxCount) {
        return new Durations(new DurationBetween(min, max), minCount, maxCount);
    }

    /** A port from {@code min} to 65535, or empty text (or {@code off}) for none. */
    static Parser<Optional<Integer>> optionalPort(int min) {
        Parser<Integer> port = integer(min, 65535);
        return text -> text.isBlank() || text.trim().equalsIgnoreCase("off")
                ? Optional.empty()
                : Optional.of(port.parse(text));
    }

    /** An http or https URL with a host; empty text means none. */
    static Parser<Optional<URI>> httpUrl() {
        return new HttpUrl();
    }

    /** Text that starts with one of {@code schemes}, such as {@code redis://}. */
    static Parser<String> url(String... schemes) {
        return new Url(List.of(schemes));
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
        return new OneOf<>(choices);
    }

    /** A 64-hex AES-256 key; empty text means none (a new key at each start). */
    static Parser<Optional<PageSeal>> sealingKey() {
        return text -> {
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(PageSeal.ofHex(text));
            } catch (IllegalArgumentException e) {
                throw new Invalid("must be 64 hex characters (as `openssl rand -hex 32` prints)");
            }
        };
    }

    private static String required(String text) {
        if (text.isEmpty()) {
            throw new Invalid("must be set");
        }
        return text;
    }

    /** {@code a, b or c}. */
    private static String words(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    private record Text() implements Parser<String> {
        @Override
        public String parse(String text) {
            return required(text);
        }
    }

    private record WholeNumber(int min, int max) implements Parser<Integer> {
        @Override
        public Integer parse(String text) {
            int n;
            try {
                n = Integer.parseInt(required(text));
            } catch (NumberFormatException e) {
                throw new Invalid("must be a whole number");
            }
            if (n < min || n > max) {
                throw new Invalid("must be between " + min + " and " + max);
            }
            return n;
        }
    }

    private record Bool() implements Parser<Boolean> {
        @Override
        public Boolean parse(String text) {
            return switch (required(text).toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new Invalid("must be true or false");
            };
        }
    }

    /** A duration of at least {@code min}; {@code broken} when shorter. */
    private record DurationAtLeast(Duration min, String broken) implements Parser<Duration> {
        @Override
        public Duration parse(String text) {
            Duration duration = parseDuration(required(text));
            if (duration.compareTo(min) < 0) {
                throw new Invalid(broken);
            }
            return duration;
        }
    }

    private record DurationBetween(Duration min, Duration max) implements Parser<Duration> {
        @Override
        public Duration parse(String text) {
            Duration duration = parseDuration(required(text));
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                throw new Invalid("must be between " + min.toSeconds() + "s and " + max.toSeconds() + "s");
            }
            return duration;
        }
    }

    private record Durations(DurationBetween each, int minCount, int maxCount) implements Parser<List<Duration>> {
        @Override
        public List<Duration> parse(String text) {
            List<Duration> durations = new java.util.ArrayList<>();
            if (!text.isBlank()) {
                for (String part : text.split(",", -1)) {
                    durations.add(each.parse(part.strip()));
                }
            }
            if (durations.size() < minCount || durations.size() > maxCount) {
                throw new Invalid("must be " + minCount + " to " + maxCount + " durations, separated by commas");
            }
            return List.copyOf(durations);
        }
    }

    private record HttpUrl() implements Parser<Optional<URI>> {
        @Override
        public Optional<URI> parse(String text) {
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
        }
    }

    private record Url(List<String> schemes) implements Parser<String> {
        @Override
        public String parse(String text) {
            for (String scheme : schemes) {
                if (required(text).startsWith(scheme)) {
                    return text;
                }
            }
            throw new Invalid("must be a " + words(schemes) + " URL");
        }
    }

    private record OneOf<T>(Map<String, T> choices) implements Parser<T> {
        @Override
        public T parse(String text) {
            T value = choices.get(required(text).toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new Invalid("must be " + words(List.copyOf(choices.keySet())));
            }
            return value;
        }
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
