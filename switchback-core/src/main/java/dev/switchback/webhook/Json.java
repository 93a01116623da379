package dev.switchback.webhook;

import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The little JSON webhooks write and read: string hashes, and the challenge a callback echoes. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static String string(String value) {
        return MAPPER.writeValueAsString(value);
    }

    /** A hash of strings, in its iteration order. */
    static String object(Map<String, String> values) {
        return MAPPER.writeValueAsString(values);
    }

    /** The text of {@code field} of a JSON object, if {@code body} is one and has it as a string. */
    static Optional<String> field(byte[] body, String field) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            JsonNode value = node.get(field);
            return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
