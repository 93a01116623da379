package dev.switchback.api.segment;

import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.util.Locale;

/**
 * {@code PUT /segments/{id}/starred}: {@code starred} is required, {@code true} or {@code false} (also
 * {@code 1} or {@code 0}), from the query string, a form or a JSON body. Else {@code Segment/starred/...}, a 400.
 */
public record StarRequest(boolean starred) {
    public static StarRequest parse(Params params) {
        String value = params.get("starred", "Segment")
                .orElseThrow(() -> FaultException.badRequest("Segment", "starred", "missing"))
                .trim()
                .toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1" -> new StarRequest(true);
            case "false", "0" -> new StarRequest(false);
            default -> throw FaultException.invalid("Segment", "starred");
        };
    }
}
