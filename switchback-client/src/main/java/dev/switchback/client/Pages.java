package dev.switchback.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * The items of a list endpoint, page after page: {@code page=1, 2, ...} fetched only when the items before
 * are used up, until a page holds fewer than {@code per_page} items (an empty one included).
 */
final class Pages implements Iterator<JsonNode> {
    /** Strava's largest {@code per_page}. */
    static final int MAX_PER_PAGE = 200;

    private final IntFunction<ApiResponse> fetch;
    private final int perPage;
    private final String call;
    private final Deque<JsonNode> items = new ArrayDeque<>();
    private int page;
    private boolean last;

    private Pages(IntFunction<ApiResponse> fetch, int perPage, String call) {
        this.fetch = fetch;
        this.perPage = perPage;
        this.call = call;
    }

    /** {@code fetch} answers page {@code n} (from 1); {@code call} names it in messages. */
    static Stream<JsonNode> stream(IntFunction<ApiResponse> fetch, int perPage, String call) {
        Iterator<JsonNode> pages = new Pages(fetch, perPage, call);
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (items.isEmpty() && !last) {
            fetchNext();
        }
        return !items.isEmpty();
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more items of " + call);
        }
        return items.removeFirst();
    }

    private void fetchNext() {
        page++;
        ApiResponse response = fetch.apply(page);
        JsonNode body = response.body();
        if (!body.isArray()) {
            throw new StravaException(
                    call + " page " + page + ": expected a JSON array of items, got " + body.getNodeType(),
                    StravaException.Kind.INVALID_RESPONSE,
                    response.status(),
                    null,
                    response.rateLimit().orElse(null),
                    body.toString(),
                    null);
        }
        body.forEach(items::addLast);
        last = body.size() < perPage;
    }
}
