package dev.switchback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SQL text with {@code :name} parameters, as written next to the store methods, and the form JDBC runs:
 * every {@code :name} replaced by {@code ?}. Parsed once per text and kept, so a statement on the hot path
 * costs one map lookup. Quoted strings, quoted identifiers, comments and PostgreSQL's {@code ::} casts are
 * left alone.
 *
 * <p>It also knows what the statement writes: the table after {@code INSERT INTO}, {@code UPDATE} or
 * {@code DELETE FROM}, which {@link Tx} uses to keep the read caches exact.
 */
final class NamedSql {
    /** Texts are constants of the stores; this bounds the map if a caller ever builds them freely. */
    private static final int KEPT = 4096;

    private static final ConcurrentHashMap<String, NamedSql> PARSED = new ConcurrentHashMap<>();

    private final String jdbc;
    /** The distinct parameter names, in order of first use. */
    private final String[] names;
    /** For each {@code ?} of {@link #jdbc}, the index of its name in {@link #names}. */
    private final int[] positions;

    private final Kind kind;
    /** The table a write names, lower case; empty for reads and for writes we cannot read (a CTE, say). */
    private final Optional<String> target;

    /** What a statement does, as far as the caches are concerned. */
    enum Kind {
        READ,
        WRITE
    }

    private NamedSql(String jdbc, String[] names, int[] positions, Kind kind, Optional<String> target) {
        this.jdbc = jdbc;
        this.names = names;
        this.positions = positions;
        this.kind = kind;
        this.target = target;
    }

    static NamedSql of(String text) {
        NamedSql parsed = PARSED.get(text);
        if (parsed == null) {
            parsed = parse(text);
            if (PARSED.size() < KEPT) {
                PARSED.putIfAbsent(text, parsed);
            }
        }
        return parsed;
    }

    static NamedSql parse(String text) {
        StringBuilder jdbc = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closingQuote(text, i, c);
                jdbc.append(text, i, end);
                i = end;
            } else if (c == '-' && text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                jdbc.append(text, i, end);
                i = end;
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                jdbc.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                int index = names.indexOf(name);
                if (index < 0) {
                    index = names.size();
                    names.add(name);
                }
                positions.add(index);
                jdbc.append('?');
                i = end;
            } else {
                jdbc.append(c);
                i++;
            }
        }
        String[] words = firstWords(text);
        Kind kind = isWrite(words[0]) ? Kind.WRITE : Kind.READ;
        return new NamedSql(
                jdbc.toString(),
                names.toArray(String[]::new),
                positions.stream().mapToInt(Integer::intValue).toArray(),
                kind,
                writeTarget(words));
    }

    private static int closingQuote(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2; // a doubled quote inside the string
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unclosed " + quote + " in SQL: " + text);
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The first three words of the statement, upper case, skipping leading space and {@code --} comments. */
    private static String[] firstWords(String text) {
        String rest = text.strip();
        while (rest.startsWith("--")) {
            int end = rest.indexOf('\n');
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        String[] words = rest.split("[\\s(]+", 4);
        String[] first = new String[3];
        for (int w = 0; w < 3; w++) {
            first[w] = w < words.length ? words[w].toUpperCase(Locale.ROOT) : "";
        }
        return first;
    }

    /** Anything but a plain query, {@code SET} or {@code PRAGMA} counts as a write: a CTE may hide one. */
    private static boolean isWrite(String first) {
        return !(first.equals("SELECT")
                || first.equals("VALUES")
                || first.equals("SET")
                || first.equals("PRAGMA")
                || first.equals("SHOW")
                || first.equals("EXPLAIN"));
    }

    private static Optional<String> writeTarget(String[] words) {
        String table = switch (words[0]) {
            case "INSERT" -> words[1].equals("INTO") ? words[2] : "";
            case "UPDATE" -> words[1];
            case "DELETE" -> words[1].equals("FROM") ? words[2] : "";
            default -> "";
        };
        return table.isEmpty()
                ? Optional.empty()
                : Optional.of(table.replace("\"", "").toLowerCase(Locale.ROOT));
    }

    String jdbc() {
        return jdbc;
    }

    int parameterCount() {
        return names.length;
    }

    String name(int index) {
        return names[index];
    }

    /** The index of {@code name} among the parameters, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** For {@code ?} number {@code position} (from 0), the index of its name. */
    int nameAt(int position) {
        return positions[position];
    }

    int placeholders() {
        return positions.length;
    }

    boolean writes() {
        return kind == Kind.WRITE;
    }

    Optional<String> target() {
        return target;
    }
}
