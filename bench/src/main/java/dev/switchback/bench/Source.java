package dev.switchback.bench;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The requests of one {@link RateDriver} connection, in the order it sends them. One instance per connection,
 * used by that connection's thread only, so it needs no locking. {@link Sources} makes the benchmark's four.
 */
interface Source {
    /** Writes the next request, whole (request line, headers, body), to a buffered stream the driver flushes. */
    void writeNext(OutputStream out) throws IOException;

    /** Hears the response to the request last written: its status and its body, {@code body[0, length)}. */
    default void answered(int status, byte[] body, int length) {}

    /** Makes the source of each connection, on the caller's thread, before the run starts. */
    interface Factory {
        /** {@code host} is the Host header's value; {@code connection} is in {@code [0, connections)}. */
        Source open(String host, int connection, int connections);
    }
}
