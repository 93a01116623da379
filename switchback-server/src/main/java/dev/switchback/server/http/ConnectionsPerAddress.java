package dev.switchback.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code server.max-connections-per-address} open connections from one client address
 * (contract#connection-limits): one more is closed as soon as it opens, before it is read. Jetty limits the
 * connections of a whole connector ({@code NetworkConnectionLimit}) but not those of one address; this listener,
 * a bean of the connector, sees every connection open and close.
 */
public final class ConnectionsPerAddress implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /** Each open connection's address: a closed channel no longer tells it. */
    private final ConcurrentHashMap<Connection, InetAddress> addresses = new ConcurrentHashMap<>();

    public ConnectionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one connection per address (got " + max + ")");
        }
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = address(connection);
        if (address == null) {
            return;
        }
        addresses.put(connection, address);
        int count = open.merge(address, 1, Integer::sum);
        if (count > max) {
            if (count == max + 1) {
                LOG.info("{} has {} connections open, the most allowed: closing any more", address, max);
            }
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = addresses.remove(connection);
        if (address != null) {
            open.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    private static InetAddress address(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
