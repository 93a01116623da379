package dev.switchback.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The request sources of the load benchmark, one per scenario, sending what the wrk scripts in bench/lua send.
 * Files hold one token or code a line; they are read once, here, and turned into bytes once.
 */
final class Sources {
    /** What a connection sends when it has no token or code left: the server answers an error, counted. */
    private static final byte[] EXHAUSTED = ascii("exhausted");

    private static final byte[] REFRESH_TOKEN_FIELD = ascii("\"refresh_token\":\"");

    private Sources() {}

    /** {@code GET path}, always the same bytes: the baseline. */
    static Source.Factory get(String path) {
        return (host, connection, connections) -> {
            byte[] request = ascii("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            return out -> out.write(request);
        };
    }

    /** Scenario 1 (bearer.lua): {@code GET /api/v3/athlete}, cycling through every token, each connection from its own offset. */
    static Source.Factory bearer(Path tokens) throws IOException {
        List<byte[]> all = lines(tokens);
        return (host, connection, connections) -> new Cycle(
                ascii("GET /api/v3/athlete HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "), all, (int)
                        ((long) connection * all.size() / connections));
    }

    /**
     * Scenario 2 (refresh.lua): refresh_token grants on independent chains, each connection owning every
     * {@code connections}-th one. A 200 puts the rotated token back in the queue; a failure ends its chain.
     */
    static Source.Factory refresh(Path chains, long clientId, String clientSecret) throws IOException {
        List<byte[]> all = lines(chains);
        String form = form(clientId, clientSecret, "refresh_token") + "&refresh_token=";
        return (host, connection, connections) ->
                new Chains(new FormPost(host, form), share(all, connection, connections));
    }

    /**
     * Scenario 3 (exchange.lua): authorization_code grants, each code used once, each connection owning every
     * {@code connections}-th; a connection out of codes sends "exhausted", an error.
     */
    static Source.Factory exchange(Path codes, long clientId, String clientSecret) throws IOException {
        List<byte[]> all = lines(codes);
        String form = form(clientId, clientSecret, "authorization_code") + "&code=";
        return (host, connection, connections) ->
                new Codes(new FormPost(host, form), share(all, connection, connections));
    }

    private static final class Cycle implements Source {
        private static final byte[] END = ascii("\r\n\r\n");
        private final byte[] head;
        private final List<byte[]> tokens;
        private int next;

        Cycle(byte[] head, List<byte[]> tokens, int first) {
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("the token file has no tokens");
            }
            this.head = head;
            this.tokens = tokens;
            this.next = first;
        }

        @Override
        public void writeNext(OutputStream out) throws IOException {
            out.write(head);
            out.write(tokens.get(next));
            out.write(END);
            next = (next + 1) % tokens.size();
        }
    }

    private static final class Chains implements Source {
        private final FormPost post;
        private final ArrayDeque<byte[]> queue;

        Chains(FormPost post, List<byte[]> tokens) {
            this.post = post;
            this.queue = new ArrayDeque<>(tokens);
        }

        @Override
        public void writeNext(OutputStream out) throws IOException {
            byte[] token = queue.poll();
            post.write(out, token == null ? EXHAUSTED : token);
        }

        /** Takes {@code "refresh_token":"<hex>"} from a 200's body: the chain's next token. */
        @Override
        public void answered(int status, byte[] body, int length) {
            if (status != 200) {
                return;
            }
            int start = indexOf(body, length, REFRESH_TOKEN_FIELD);
            if (start < 0) {
                return;
            }
            start += REFRESH_TOKEN_FIELD.length;
            int end = start;
            while (end < length && isHex(body[end])) {
                end++;
            }
            if (end > start && end < length && body[end] == '"') {
                byte[] token = new byte[end - start];
                System.arraycopy(body, start, token, 0, token.length);
                queue.add(token);
            }
        }
    }

    private static final class Codes implements Source {
        private final FormPost post;
        private final List<byte[]> codes;
        private int next;

        Codes(FormPost post, List<byte[]> codes) {
            this.post = post;
            this.codes = codes;
        }

        @Override
        public void writeNext(OutputStream out) throws IOException {
            post.write(out, next < codes.size() ? codes.get(next++) : EXHAUSTED);
        }
    }

    /** {@code POST /oauth/token} with a form body of a fixed prefix and one value, written without building a string. */
    private static final class FormPost {
        private static final byte[] END_OF_HEAD = ascii("\r\n\r\n");
        private final byte[] head;
        private final byte[] prefix;

        FormPost(String host, String prefix) {
            this.head = ascii("POST /oauth/token HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ");
            this.prefix = ascii(prefix);
        }

        void write(OutputStream out, byte[] value) throws IOException {
            out.write(head);
            out.write(ascii(Integer.toString(prefix.length + value.length)));
            out.write(END_OF_HEAD);
            out.write(prefix);
            out.write(value);
        }
    }

    private static String form(long clientId, String clientSecret, String grantType) {
        return "client_id=" + clientId + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)
                + "&grant_type=" + grantType;
    }

    private static List<byte[]> lines(Path file) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(ascii(line.strip()));
            }
        }
        return List.copyOf(lines);
    }

    /** Every {@code connections}-th line from {@code connection}: disjoint shares, as the Lua scripts split by thread. */
    private static List<byte[]> share(List<byte[]> all, int connection, int connections) {
        List<byte[]> mine = new ArrayList<>();
        for (int i = connection; i < all.size(); i += connections) {
            mine.add(all.get(i));
        }
        return mine;
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
