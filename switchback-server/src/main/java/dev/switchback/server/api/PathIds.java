package dev.switchback.server.api;

import dev.switchback.fault.FaultException;
import io.javalin.http.Context;

/** Ids in paths: digits only, else the object is simply not there (404, spec §7.4). */
final class PathIds {
    private PathIds() {}

    static long parse(Context ctx, String resource) {
        String value = ctx.pathParam("id");
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw FaultException.notFound(resource, "id");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw FaultException.notFound(resource, "id");
        }
    }
}
