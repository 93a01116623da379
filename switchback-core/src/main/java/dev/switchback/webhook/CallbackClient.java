package dev.switchback.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one way Switchback calls an app's callback URL (the subscription handshake and each event delivery),
 * written so that the URL cannot be a way into the server's network (contract#webhook-callbacks):
 *
 * <ul>
 *   <li>the host is resolved once; unless private callbacks are allowed, every address it resolves to must be
 *       public (not loopback, private, link-local, metadata, carrier-grade NAT, multicast or unspecified);
 *   <li>the connection goes to the address that was checked (no second lookup an attacker's DNS could answer
 *       differently); over https, the certificate is still checked against the URL's host name;
 *   <li>a redirect is an answer like any other status, never followed;
 *   <li>the whole exchange, connect included, must finish within the timeout, and at most
 *       {@link #MAX_RESPONSE_BYTES} of the body are read.
 * </ul>
 *
 * HTTP/1.1 with {@code Connection: close}, one request per connection: the JDK's HttpClient offers no hook
 * between resolving a host and connecting to it, so it cannot pin the checked address.
 */
public final class CallbackClient {
    /** Enough for any challenge answer; the rest of a larger body is never read. */
    public static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final boolean allowPrivate;
    private final Duration timeout;

    public CallbackClient(boolean allowPrivate, Duration timeout) {
        this.allowPrivate = allowPrivate;
        this.timeout = timeout;
    }

    /** What the callback answered: its status, its body (at most {@link #MAX_RESPONSE_BYTES}) and content type. */
    public record Answer(int status, String contentType, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The callback could not be called or did not answer in time; the message says why, without secrets. */
    public static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;

        public CallFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether {@code url} is a callback URL at all: http or https, with a host, at most 255 characters. */
    public static boolean isCallbackUrl(String url) {
        if (url == null || url.isEmpty() || url.length() > 255) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawFragment() == null;
        } catch (Exception e) {
            return false;
        }
    }

    public Answer get(URI url) throws CallFailed {
        return exchange("GET", url, null);
    }

    public Answer postJson(URI url, byte[] json) throws CallFailed {
        return exchange("POST", url, json);
    }

    private Answer exchange(String method, URI url, byte[] body) throws CallFailed {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        InetAddress address = resolve(host);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
            Socket socket = https ? tls(plain, host, port) : plain;
            try {
                socket.setSoTimeout(remainingMillis(deadline));
                write(socket.getOutputStream(), method, url, host, port, https, body);
                return read(socket, new BufferedInputStream(socket.getInputStream()), deadline);
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new CallFailed("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new CallFailed("cannot call the callback: " + e.getClass().getSimpleName());
        }
    }

    /** One lookup; with private callbacks refused, every address must be public, and the first is used. */
    private InetAddress resolve(String host) throws CallFailed {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(IDN.toASCII(bare));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new CallFailed("cannot resolve the callback's host");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw new CallFailed("the callback's host resolves to a private address, refused in this profile");
                }
            }
        }
        return addresses[0];
    }

    /** Loopback, private, link-local (with the metadata address), CGNAT, unique-local, multicast or unspecified. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240; // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7 (AWS's metadata fd00:ec2::254 among them)
            }
            if (isMappedOrCompatibleV4(b)) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }

    private static Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket socket =
                (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static void write(
            OutputStream out, String method, URI url, String host, int port, boolean https, byte[] body)
            throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(defaultPort ? host : host + ":" + port)
                .append("\r\n")
                .append("User-Agent: Switchback-Webhooks\r\n")
                .append("Accept: application/json\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n")
                    .append("Content-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private Answer read(Socket socket, InputStream in, long deadline) throws IOException, CallFailed {
        List<String> head = readHead(socket, in, deadline);
        String[] statusLine = head.get(0).split(" ", 3);
        int status;
        try {
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new NumberFormatException();
            }
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new CallFailed("the callback's answer is not HTTP");
        }
        String contentType = "";
        long length = -1;
        boolean chunked = false;
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value;
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                default -> {}
            }
        }
        byte[] body = chunked ? readChunked(socket, in, deadline) : readBody(socket, in, length, deadline);
        return new Answer(status, contentType, body);
    }

    private static long parseLength(String value) throws CallFailed {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CallFailed("the callback's answer has a bad Content-Length");
        }
    }

    private List<String> readHead(Socket socket, InputStream in, long deadline) throws IOException, CallFailed {
        List<String> lines = new java.util.ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = next(socket, in, deadline);
            if (b < 0) {
                throw new CallFailed("the callback closed the connection without an answer");
            }
            if (++total > MAX_HEADER_BYTES) {
                throw new CallFailed("the callback's answer headers are too large");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue;
                    }
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private byte[] readBody(Socket socket, InputStream in, long length, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long wanted = length < 0 ? MAX_RESPONSE_BYTES : Math.min(length, MAX_RESPONSE_BYTES);
        byte[] buffer = new byte[4096];
        while (body.size() < wanted) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, wanted - body.size()));
            if (n < 0) {
                break;
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private byte[] readChunked(Socket socket, InputStream in, long deadline) throws IOException, CallFailed {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < MAX_RESPONSE_BYTES) {
            StringBuilder size = new StringBuilder();
            for (int b = next(socket, in, deadline); b != '\n'; b = next(socket, in, deadline)) {
                if (b < 0 || size.length() > 64) {
                    throw new CallFailed("the callback's chunked answer is malformed");
                }
                size.append((char) b);
            }
            int semicolon = size.indexOf(";");
            String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size.toString()).trim();
            long chunk;
            try {
                chunk = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new CallFailed("the callback's chunked answer is malformed");
            }
            if (chunk == 0) {
                break;
            }
            for (long i = 0; i < chunk && body.size() < MAX_RESPONSE_BYTES; i++) {
                int b = next(socket, in, deadline);
                if (b < 0) {
                    return body.toByteArray();
                }
                body.write(b);
            }
            if (body.size() >= MAX_RESPONSE_BYTES) {
                break;
            }
            next(socket, in, deadline); // \r
            next(socket, in, deadline); // \n
        }
        return body.toByteArray();
    }

    /** One byte, waiting no longer than the deadline. */
    private static int next(Socket socket, InputStream in, long deadline) throws IOException {
        socket.setSoTimeout(remainingMillis(deadline));
        return in.read();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }
}
