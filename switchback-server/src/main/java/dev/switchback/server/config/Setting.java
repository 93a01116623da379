package dev.switchback.server.config;

import dev.switchback.oauth.OAuthPolicy;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One setting: its key, its default, how its text becomes a checked, typed value, and one line saying what it
 * does. {@link Keys} declares every one; {@link Settings} layers their text and reads them typed.
 *
 * @param key         the key in files and flags, such as {@code server.port}
 * @param fallback    the default: fixed, or one value per profile
 * @param parser      turns the text into the value, refusing text that breaks a rule
 * @param description one line for the README's table: what the setting does
 * @param shown       how a value appears in an error message (a secret's redacted form)
 */
public record Setting<T>(
        String key, Default fallback, Parser<T> parser, String description, UnaryOperator<String> shown) {
    /** How most values are shown: as they are. */
    static final UnaryOperator<String> AS_IS = new AsIs();

    public Setting {
        Objects.requireNonNull(key);
        Objects.requireNonNull(fallback);
        Objects.requireNonNull(parser);
        Objects.requireNonNull(description);
        Objects.requireNonNull(shown);
    }

    /** The variable that sets this key: {@code SWITCHBACK_}, the key in upper case, dots and dashes as underscores. */
    public String environmentVariable() {
        return Settings.ENV_PREFIX
                + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A default: the same text in every profile, or one text per profile. */
    public sealed interface Default {
        /** The default's text under {@code profile} ({@code strava} or {@code hardened}). */
        String forProfile(String profile);

        static Default fixed(String text) {
            return new Fixed(text);
        }

        /** A rule of {@link OAuthPolicy}: its value in {@link OAuthPolicy#strava()} and in {@link OAuthPolicy#hardened()}. */
        static Default byProfile(boolean strava, boolean hardened) {
            return new ByProfile(String.valueOf(strava), String.valueOf(hardened));
        }

        record Fixed(String text) implements Default {
            @Override
            public String forProfile(String profile) {
                return text;
            }
        }

        record ByProfile(String strava, String hardened) implements Default {
            @Override
            public String forProfile(String profile) {
                return profile.equals("hardened") ? hardened : strava;
            }
        }
    }

    /** Turns a setting's text (trimmed) into its value; {@link Parsers} has those {@link Keys} uses. */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * @throws Invalid                  naming the rule the text breaks ("must be a whole number")
         * @throws IllegalArgumentException from a type that checks itself, its message naming key and value
         */
        T parse(String text);
    }

    private static final class AsIs implements UnaryOperator<String> {
        @Override
        public String apply(String value) {
            return value;
        }
    }

    /** Text that breaks a setting's rule; {@link Settings} adds the key, the value seen and its source. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String rule) {
            super(rule, null, false, false);
        }
    }
}
