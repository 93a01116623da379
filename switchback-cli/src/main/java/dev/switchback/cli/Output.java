package dev.switchback.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;

/** Prints one JSON object for scripts, or lines for people. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    static void json(PrintWriter out, Map<String, ?> object) {
        try {
            out.println(JSON.writeValueAsString(object));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
