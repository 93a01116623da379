package dev.switchback.server.emulator;

import dev.switchback.fault.FaultException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON object a control endpoint takes (contract#emulator-input): anything else, an unknown field, or a
 * field of the wrong kind is a 400 naming the field, before anything is changed.
 */
final class ControlBody {
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String resource;
    private final JsonNode object;

    private ControlBody(String resource, JsonNode object) {
        this.resource = resource;
        this.object = object;
    }

    /** Parses {@code body} as one JSON object whose fields are all among {@code known}. */
    static ControlBody parse(byte[] body, String resource, Set<String> known) {
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw FaultException.invalid(resource, "body", "body is not one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw FaultException.invalid(resource, "body", "body is not one JSON object");
        }
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw FaultException.invalid(resource, name, name + " is not a field of " + resource);
            }
        }
        return new ControlBody(resource, node);
    }

    boolean has(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    /** A string field, or empty when absent or null. */
    Optional<String> text(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = object.get(field);
        if (!value.isString()) {
            throw invalid(field);
        }
        return Optional.of(value.asString());
    }

    /** A string or a whole number written as its digits (ids may come either way), or empty when absent. */
    Optional<String> textOrNumber(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = object.get(field);
        if (value.isIntegralNumber()) {
            return Optional.of(value.asString());
        }
        return text(field);
    }

    /** A whole number within {@code [min, max]}, or empty when absent. */
    Optional<Long> number(String field, long min, long max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = object.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field);
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw FaultException.invalid(resource, field, field + " must be within " + min + ".." + max);
        }
        return Optional.of(number);
    }

    /** An object whose values are all strings (an event's {@code updates}), in its order; empty when absent. */
    Map<String, String> strings(String field) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (!has(field)) {
            return strings;
        }
        JsonNode value = object.get(field);
        if (!value.isObject()) {
            throw FaultException.invalid(resource, field, field + " must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw FaultException.invalid(resource, field, field + "." + entry.getKey() + " must be a string");
            }
            strings.put(entry.getKey(), entry.getValue().asString());
        }
        return strings;
    }

    /** A whole number within {@code [min, max]} that must be given. */
    long requiredNumber(String field, long min, long max) {
        return number(field, min, max)
                .orElseThrow(() -> FaultException.invalid(resource, field, field + " is missing"));
    }

    String required(String field) {
        return textOrNumber(field).orElseThrow(() -> FaultException.invalid(resource, field, field + " is missing"));
    }

    FaultException invalid(String field) {
        return FaultException.invalid(resource, field, field + " is not valid");
    }
}
