package dev.switchback.client.model;

import java.util.Collections;
import java.util.List;

/** What the records do with a list the JSON left out: an empty one, never null. */
final class Lists {
    private Lists() {}

    /** An unmodifiable list; empty when absent. Elements may be null (a stream's gaps). */
    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }
}
