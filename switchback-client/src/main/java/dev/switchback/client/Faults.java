package dev.switchback.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads Strava's Fault body leniently: anything that is not one is simply no Fault. */
final class Faults {
    private Faults() {}

    static Optional<StravaException.Fault> parse(byte[] body) {
        JsonNode json;
        try {
            json = Transport.JSON.readTree(body);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (json == null
                || !json.isObject()
                || !(json.path("message").isString() || json.path("errors").isArray())) {
            return Optional.empty();
        }
        List<StravaException.FaultError> errors = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
            if (error.isObject()) {
                errors.add(new StravaException.FaultError(
                        text(error, "resource"), text(error, "field"), text(error, "code")));
            }
        }
        return Optional.of(new StravaException.Fault(text(json, "message"), errors));
    }

    /** {@code Bad Request (RefreshToken/refresh_token: invalid)}. */
    static String describe(StravaException.Fault fault) {
        if (fault.errors().isEmpty()) {
            return fault.message();
        }
        return fault.message() + " ("
                + fault.errors().stream()
                        .map(error -> error.resource() + "/" + error.field() + ": " + error.code())
                        .collect(Collectors.joining(", "))
                + ")";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : "";
    }
}
