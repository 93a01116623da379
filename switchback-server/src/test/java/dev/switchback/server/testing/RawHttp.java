package dev.switchback.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 connection on a plain socket, for what {@link Http} cannot send: a request line or headers of any
 * shape, a body that stops or trickles, and a chosen client address on the loopback range (127.0.0.2 is another
 * client than 127.0.0.1).
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** A connection to the server from 127.0.0.1. */
    public static RawHttp connect(TestServer server) {
        return connect(server, "127.0.0.1");
    }

    /** A connection to the server from {@code clientAddress}, an address of the loopback range. */
    public static RawHttp connect(TestServer server, String clientAddress) {
        return connect(clientAddress, server.port());
    }

    /** A connection from 127.0.0.1 to another port of the loopback address (the management port). */
    public static RawHttp connect(int port) {
        return connect("127.0.0.1", port);
    }

    private static RawHttp connect(String clientAddress, int port) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(clientAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setTcpNoDelay(true);
            return new RawHttp(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} as ISO-8859-1 bytes (the request line and headers; {@code \r\n} line ends). */
    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends what it can; false once the server has closed the connection. */
    public boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Ends what the client sends (a half close): the server reads the end of the stream, and can still answer. */
    public RawHttp endOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one response: the status line, the headers and a body of the declared length (or up to the close).
     * Fails if none comes within {@code timeout}.
     */
    public Response read(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            Optional<Integer> length = header(head, "Content-Length").map(Integer::parseInt);
            byte[] body = length.isPresent() ? in.readNBytes(length.get()) : in.readAllBytes();
            int status = Integer.parseInt(head.substring(9, 12));
            return new Response(status, head, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within " + timeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection (the next read ends) within {@code timeout}. */
    public boolean closedWithin(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server: closed as well
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Optional<String> header(String head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    /** A response as it came: the status, the head (status line and headers) and the body. */
    public record Response(int status, String head, String body) {
        public Optional<String> header(String name) {
            return RawHttp.header(head, name);
        }
    }
}
