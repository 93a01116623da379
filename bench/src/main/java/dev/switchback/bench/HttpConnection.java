package dev.switchback.bench;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection, by hand, so that the load driver costs little: the request goes out as
 * the bytes a {@link Source} writes, the response is read into buffers reused from one request to the next.
 * It reads the status line, the headers it needs (Content-Length, Transfer-Encoding: chunked, Connection:
 * close) and the body. Used by one thread only. It connects on first use and again after {@link #close()}.
 */
final class HttpConnection implements Closeable {
    /** From the request's send to its response's last byte; then the request fails and the connection closes. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final byte[] CONTENT_LENGTH = Sources.ascii("content-length:");
    private static final byte[] TRANSFER_ENCODING = Sources.ascii("transfer-encoding:");
    private static final byte[] CONNECTION = Sources.ascii("connection:");

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream input;
    private BufferedOutputStream output;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private final byte[] line = new byte[8 * 1024];
    private byte[] body = new byte[4 * 1024];
    private int bodyLength;
    private boolean closeAfter;
    private long deadline;

    HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    /** Sends the source's next request and reads the whole response; returns its status. */
    int send(Source source) throws IOException {
        if (socket == null) {
            connect();
        }
        deadline = System.nanoTime() + TIMEOUT.toNanos();
        source.writeNext(output);
        output.flush();
        int status = readResponse();
        if (closeAfter) {
            close();
        }
        return status;
    }

    /** The last response's body: {@code body()[0, bodyLength())}. */
    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    void connect() throws IOException {
        close();
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.connect(address, (int) TIMEOUT.toMillis());
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
        input = fresh.getInputStream();
        output = new BufferedOutputStream(fresh.getOutputStream(), 8 * 1024);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with: nothing to do about a failure
            }
        }
        socket = null;
        position = 0;
        limit = 0;
    }

    private int readResponse() throws IOException {
        int status;
        do {
            status = readHead(); // a 1xx is followed by the real response
        } while (status / 100 == 1);
        return status;
    }

    /** Reads the status line, the headers and the body; returns the status. */
    private int readHead() throws IOException {
        int length = readLine();
        if (length < 12
                || !startsWith(line, "HTTP/1.")
                || !isDigit(line[9])
                || !isDigit(line[10])
                || !isDigit(line[11])) {
            throw new ProtocolException("not an HTTP/1.x status line (" + length + " bytes)");
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        closeAfter = line[7] == '0'; // HTTP/1.0
        long contentLength = -1;
        boolean chunked = false;
        while ((length = readLine()) > 0) {
            if (isHeader(CONTENT_LENGTH, length)) {
                contentLength = parseDecimal(CONTENT_LENGTH.length, length);
            } else if (isHeader(TRANSFER_ENCODING, length)) {
                chunked = contains(TRANSFER_ENCODING.length, length, "chunked");
            } else if (isHeader(CONNECTION, length)) {
                closeAfter = contains(CONNECTION.length, length, "close");
            }
        }
        bodyLength = 0;
        if (status / 100 == 1 || status == 204 || status == 304) {
            return status;
        }
        if (chunked) {
            readChunks();
        } else if (contentLength >= 0) {
            readBody(contentLength);
        } else {
            readToEnd();
        }
        return status;
    }

    private void readChunks() throws IOException {
        while (true) {
            int length = readLine();
            long size = parseHex(length);
            if (size == 0) {
                while (readLine() > 0) {
                    // trailer fields, unused
                }
                return;
            }
            readBody(size);
            if (readLine() != 0) {
                throw new ProtocolException("a chunk not followed by CRLF");
            }
        }
    }

    /** Appends {@code size} bytes to the body. */
    private void readBody(long size) throws IOException {
        if (bodyLength + size > MAX_BODY) {
            throw new ProtocolException("a body over " + MAX_BODY + " bytes (" + (bodyLength + size) + ")");
        }
        int wanted = (int) size;
        ensureBody(bodyLength + wanted);
        while (wanted > 0) {
            if (position == limit) {
                fill();
            }
            int n = Math.min(wanted, limit - position);
            System.arraycopy(buffer, position, body, bodyLength, n);
            position += n;
            bodyLength += n;
            wanted -= n;
        }
    }

    /** A body with neither length nor chunks ends when the server closes the connection. */
    private void readToEnd() throws IOException {
        closeAfter = true;
        while (position < limit || tryFill()) {
            readBody(limit - position);
        }
    }

    /** Reads up to LF into {@link #line}, without the CRLF; returns its length. */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == line.length) {
                throw new ProtocolException("a header line over " + line.length + " bytes");
            }
            line[length++] = b;
        }
    }

    private void fill() throws IOException {
        if (!tryFill()) {
            throw new EOFException("the server closed the connection mid-response");
        }
    }

    /** Reads more of the response, waiting no longer than the request's deadline; false at end of stream. */
    private boolean tryFill() throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("no whole response within " + TIMEOUT.toSeconds() + " s");
        }
        socket.setSoTimeout((int) Math.max(1, remaining / 1_000_000));
        int n = input.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void ensureBody(int capacity) {
        if (capacity > body.length) {
            body = Arrays.copyOf(body, Math.max(capacity, body.length * 2));
        }
    }

    private boolean isHeader(byte[] lowerCaseName, int length) {
        if (length < lowerCaseName.length) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length; i++) {
            if (lower(line[i]) != lowerCaseName[i]) {
                return false;
            }
        }
        return true;
    }

    private long parseDecimal(int from, int to) throws ProtocolException {
        long value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (isDigit(b)) {
                value = value * 10 + (b - '0');
                if (++digits > 12) {
                    throw new ProtocolException("a Content-Length over 12 digits");
                }
            } else if (b != ' ' && b != '\t') {
                throw new ProtocolException("a Content-Length that is not a number");
            }
        }
        if (digits == 0) {
            throw new ProtocolException("an empty Content-Length");
        }
        return value;
    }

    /** A chunk-size line: hex digits, then optional extensions after ';'. */
    private long parseHex(int length) throws ProtocolException {
        long value = 0;
        int digits = 0;
        for (int i = 0; i < length && line[i] != ';'; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit >= 0) {
                value = value * 16 + digit;
                if (++digits > 8) {
                    throw new ProtocolException("a chunk size over 8 hex digits");
                }
            } else if (line[i] != ' ' && line[i] != '\t') {
                throw new ProtocolException("a chunk size that is not hex");
            }
        }
        if (digits == 0) {
            throw new ProtocolException("an empty chunk size");
        }
        return value;
    }

    private boolean contains(int from, int to, String lowerCaseWord) {
        outer:
        for (int i = from; i <= to - lowerCaseWord.length(); i++) {
            for (int j = 0; j < lowerCaseWord.length(); j++) {
                if (lower(line[i + j]) != lowerCaseWord.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
