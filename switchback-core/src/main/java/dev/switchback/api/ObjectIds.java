package dev.switchback.api;

import dev.switchback.fault.FaultException;
import java.util.regex.Pattern;

/**
 * Ids of API objects as they come in a path. Anything but a positive integer names no object, so it
 * gets the same 404 as an unknown id (contract#not-found): {@code <resource>/id/invalid}.
 */
public final class ObjectIds {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private ObjectIds() {}

    public static long parse(String raw, String resource) {
        if (raw == null || !DIGITS.matcher(raw).matches()) {
            throw FaultException.notFound(resource, "id");
        }
        try {
            long id = Long.parseLong(raw);
            if (id < 1) {
                throw FaultException.notFound(resource, "id");
            }
            return id;
        } catch (NumberFormatException tooLarge) {
            throw FaultException.notFound(resource, "id");
        }
    }
}
