package dev.switchback.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/** Prints one JSON object for scripts, or lines for people. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    /** Prints rows under a header, each column as wide as its widest cell, so long names keep columns aligned. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : concat(header, rows)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    static void json(PrintWriter out, Map<String, ?> object) {
        try {
            out.println(JSON.writeValueAsString(object));
            out.flush();
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
