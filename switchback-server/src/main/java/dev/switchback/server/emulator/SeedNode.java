package dev.switchback.server.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One value of a seed file with the line it starts on, so that every refusal names its line
 * (contract#emulator-seed). An object's keys keep their order.
 */
final class SeedNode {
    private final Object value;
    private final int line;
    private final String path;
    private final String file;

    SeedNode(Object value, int line, String path, String file) {
        this.value = value;
        this.line = line;
        this.path = path;
        this.file = file;
    }

    int line() {
        return line;
    }

    /** {@code file:line: path message}: the seed's refusal. */
    Seed.SeedException error(String message) {
        return new Seed.SeedException(file + ":" + line + ": " + path + " " + message);
    }

    boolean isObject() {
        return value instanceof Map;
    }

    @SuppressWarnings("unchecked")
    Map<String, SeedNode> object(Set<String> known) {
        if (!(value instanceof Map)) {
            throw error("must be an object");
        }
        Map<String, SeedNode> fields = (Map<String, SeedNode>) value;
        for (SeedNode field : fields.values()) {
            String key = field.path.substring(field.path.lastIndexOf('.') + 1);
            if (!known.contains(key)) {
                throw field.error("is not a known key (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return new LinkedHashMap<>(fields);
    }

    @SuppressWarnings("unchecked")
    List<SeedNode> list() {
        if (!(value instanceof List)) {
            throw error("must be a list");
        }
        return (List<SeedNode>) value;
    }

    String text() {
        if (!(value instanceof String text)) {
            throw error("must be text");
        }
        return text;
    }

    /** Text, or a whole number written as its digits (ids may come either way). */
    String textOrNumber() {
        if (value instanceof Long number) {
            return number.toString();
        }
        return text();
    }

    long number() {
        if (!(value instanceof Long number)) {
            throw error("must be a whole number");
        }
        return number;
    }

    double decimal() {
        if (value instanceof Long number) {
            return number;
        }
        if (!(value instanceof Double number)) {
            throw error("must be a number");
        }
        return number;
    }

    boolean bool() {
        if (!(value instanceof Boolean bool)) {
            throw error("must be true or false");
        }
        return bool;
    }

    /** The scalar as text, for the fields a service parses as request parameters. */
    Optional<String> scalar() {
        if (value instanceof Map || value instanceof List) {
            throw error("must be a single value");
        }
        return Optional.ofNullable(value).map(Object::toString);
    }
}
