package dev.switchback.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL in the fault tests). {@link #cut()}
 * drops every connection and refuses new ones, as a crashed or restarting database does;
 * {@link #restore()} lets connections through again. {@link #loseNextCommitAnswer} cuts one connection just as
 * PostgreSQL answers its COMMIT: the transaction is committed, and its client never hears so.
 */
public final class TcpProxy implements AutoCloseable {
    /** PostgreSQL's CommandComplete message, with the tag a COMMIT answers: 'C', int32 length 11, "COMMIT\0". */
    private static final byte[] COMMIT_ANSWER = ByteBuffer.allocate(12)
            .put((byte) 'C')
            .putInt(11)
            .put("COMMIT\0".getBytes(StandardCharsets.US_ASCII))
            .array();

    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private final AtomicReference<CommitFault> armed = new AtomicReference<>();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptLoop(listener);
    }

    public int port() {
        return port;
    }

    /** Drops every open connection and refuses new ones (connection refused). */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Accepts connections again on the same port. */
    public synchronized void restore() throws IOException {
        listener = listen(port);
        acceptLoop(listener);
    }

    /**
     * The next time PostgreSQL answers a COMMIT through this proxy, that answer is dropped and its connection
     * cut; with {@code thenCut}, every other connection too, and new ones are refused until {@link #restore()}
     * (the database went away just after committing). Answers a latch that opens when it has happened. For
     * PostgreSQL connections without TLS ({@code sslmode=disable}), whose messages this proxy can read.
     */
    public CountDownLatch loseNextCommitAnswer(boolean thenCut) {
        CommitFault fault = new CommitFault(thenCut);
        armed.set(fault);
        return fault.happened;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptLoop(ServerSocket server) {
        Thread thread = new Thread(
                () -> {
                    while (!server.isClosed() && !closed) {
                        try {
                            Socket client = server.accept();
                            Socket upstream = new Socket();
                            upstream.connect(target, 5000);
                            if (!admit(server, client, upstream)) {
                                continue;
                            }
                            try {
                                // Messages are forwarded one by one: without this each second small write
                                // waits for the peer's delayed ACK (up to 40 ms a round trip).
                                client.setTcpNoDelay(true);
                                upstream.setTcpNoDelay(true);
                            } catch (IOException gone) {
                                closeQuietly(client); // the client left already: this connection only
                                closeQuietly(upstream);
                                continue;
                            }
                            Messages messages = new Messages();
                            pump(client, upstream, messages, false);
                            pump(upstream, client, messages, true);
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "tcp-proxy-accept");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Registers a connection accepted on {@code server}, unless a {@link #cut()} came between its accept and now:
     * then it is closed, as a connection refused would be, so that no connection outlives a cut.
     */
    private synchronized boolean admit(ServerSocket server, Socket client, Socket upstream) {
        if (server != listener || server.isClosed() || closed) {
            closeQuietly(client);
            closeQuietly(upstream);
            return false;
        }
        sockets.add(client);
        sockets.add(upstream);
        return true;
    }

    /** Copies bytes; from the server, message by message, so that a COMMIT's answer can be lost. */
    private void pump(Socket from, Socket to, Messages messages, boolean fromServer) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (!fromServer) {
                                messages.fromClient(buffer, n);
                                out.write(buffer, 0, n);
                                out.flush();
                                continue;
                            }
                            for (byte[] message : messages.add(buffer, n)) {
                                CommitFault fault = armed.get();
                                if (fault != null && isCommitAnswer(message) && armed.compareAndSet(fault, null)) {
                                    loseAnswer(from, to, fault);
                                    return;
                                }
                                out.write(message);
                            }
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the other side closed, or cut() did
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loses the answer in flight on {@code server}'s connection. With a cut to follow, every other connection is
     * dropped and the listener closed first, and this connection's client socket last: the node hears of the lost
     * answer only when no connection, old or new, can reach the database any more.
     */
    private void loseAnswer(Socket server, Socket client, CommitFault fault) throws IOException {
        if (fault.thenCut) {
            synchronized (this) {
                listener.close();
                for (Socket socket : sockets) {
                    if (socket != client) {
                        closeQuietly(socket);
                    }
                }
            }
        }
        closeQuietly(server);
        closeQuietly(client);
        fault.happened.countDown();
    }

    private static boolean isCommitAnswer(byte[] message) {
        return java.util.Arrays.equals(message, COMMIT_ANSWER);
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        cut();
    }

    /** A fault waiting for the next COMMIT answer. */
    private static final class CommitFault {
        final boolean thenCut;
        final CountDownLatch happened = new CountDownLatch(1);

        CommitFault(boolean thenCut) {
            this.thenCut = thenCut;
        }
    }

    /**
     * PostgreSQL's backend messages, cut out of one connection's byte stream: a type byte, then an int32 length
     * that counts itself and the body. The one exception is the single byte that answers a client's request for
     * TLS or GSS encryption: 'N' (no, and messages follow), or 'S'/'G' (yes: the rest is encrypted, and passes
     * through as it comes).
     */
    private static final class Messages {
        /** The length and code of SSLRequest and GSSENCRequest, the messages a single byte answers. */
        private static final int NEGOTIATION_LENGTH = 8;

        private static final int SSL_REQUEST = 80877103;
        private static final int GSSENC_REQUEST = 80877104;

        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private volatile boolean negotiating;
        private volatile boolean encrypted;
        private boolean clientSpoke;

        /** Notes what the client sends first: a request for encryption is answered by a single byte. */
        void fromClient(byte[] bytes, int length) {
            if (!clientSpoke && length >= NEGOTIATION_LENGTH) {
                ByteBuffer start = ByteBuffer.wrap(bytes, 0, NEGOTIATION_LENGTH);
                int size = start.getInt();
                int code = start.getInt();
                negotiating = size == NEGOTIATION_LENGTH && (code == SSL_REQUEST || code == GSSENC_REQUEST);
            }
            clientSpoke = true;
        }

        java.util.List<byte[]> add(byte[] bytes, int length) {
            if (encrypted) {
                return java.util.List.of(java.util.Arrays.copyOf(bytes, length));
            }
            pending.write(bytes, 0, length);
            byte[] all = pending.toByteArray();
            java.util.List<byte[]> complete = new java.util.ArrayList<>();
            int at = 0;
            if (negotiating && all.length > 0) {
                negotiating = false;
                complete.add(new byte[] {all[0]});
                at = 1;
                if (all[0] != 'N') {
                    encrypted = true;
                    complete.add(java.util.Arrays.copyOfRange(all, at, all.length));
                    pending.reset();
                    return complete;
                }
            }
            while (all.length - at >= 5) {
                int size = 1 + ByteBuffer.wrap(all, at + 1, 4).getInt();
                if (all.length - at < size) {
                    break;
                }
                complete.add(java.util.Arrays.copyOfRange(all, at, at + size));
                at += size;
            }
            pending.reset();
            pending.write(all, at, all.length - at);
            return complete;
        }
    }
}
