package dev.switchback.store;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header of SQLite's wal-index: the {@code -shm} file beside a WAL database, which every connection
 * of every process maps and which each commit updates before it returns (https://sqlite.org/walformat.html,
 * §2.1). Its fields tell, without a statement, whether anything was committed since the last look:
 * {@code iChange} counts commits, one per write transaction, taken under the write lock; {@code mxFrame}
 * and the salts change with the WAL's content.
 *
 * <p>The header is stored twice; a writer fills the second copy, then the first. A read that finds the two
 * copies different caught a writer in the middle, and reports nothing. A connection of its own stays open
 * for as long as this is, so SQLite never deletes the file while it is mapped (the last connection to
 * close does that).
 *
 * <p>The file stays open until {@link #close}, which must come after every other connection of this
 * process to the database is closed: closing a descriptor of a file drops every POSIX lock the process
 * holds on it, SQLite's included. Closing it early let another process take the wal-index for abandoned
 * and rebuild it under this one (a test caught that: the commit counter went back to zero).
 */
public final class WalIndex implements AutoCloseable {
    /** Bytes 8-15: iChange, isInit, bigEndCksum, szPage; 16-23: mxFrame, nPage; 32-39: the two salts. */
    private static final int HEADER = 48;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final Logger LOG = LoggerFactory.getLogger(WalIndex.class);
    private static final java.util.List<FileChannel> NEVER_CLOSED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Connection anchor;
    private final FileChannel file;
    private final MappedByteBuffer header;

    private WalIndex(Connection anchor, FileChannel file, MappedByteBuffer header) {
        this.anchor = anchor;
        this.file = file;
        this.header = header;
    }

    /**
     * Maps the wal-index of the SQLite file {@code database}, or nothing if it has none to map (not in
     * WAL mode, or a file system without shared memory); then callers simply read the database.
     */
    static Optional<WalIndex> open(Path database, DataSource files) {
        Path shm = database.resolveSibling(database.getFileName() + "-shm");
        Connection anchor = null;
        try {
            anchor = files.getConnection();
            try (Statement statement = anchor.createStatement()) {
                statement.execute("SELECT count(*) FROM sqlite_master");   // a read maps the wal-index
            }
            if (!Files.isRegularFile(shm) || Files.size(shm) < 2 * HEADER) {
                anchor.close();
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(shm, StandardOpenOption.READ);
            try {
                return Optional.of(new WalIndex(anchor, channel, channel.map(FileChannel.MapMode.READ_ONLY, 0, 2 * HEADER)));
            } catch (IOException | RuntimeException e) {
                NEVER_CLOSED.add(channel);   // closing it, or letting it be collected, would drop SQLite's locks
                throw e;
            }
        } catch (SQLException | IOException | UnsupportedOperationException e) {
            LOG.warn("cannot map the wal-index of {}; token checks will read the database every time: {}", database, e.getMessage());
            closeQuietly(anchor);
            return Optional.empty();
        }
    }

    /** The header now, or {@code null} while a commit is writing it. */
    Stamp read() {
        long change = (long) LONGS.getAcquire(header, 8);
        long frames = (long) LONGS.getAcquire(header, 16);
        long salts = (long) LONGS.getAcquire(header, 32);
        if (change != (long) LONGS.getAcquire(header, HEADER + 8)
                || frames != (long) LONGS.getAcquire(header, HEADER + 16)
                || salts != (long) LONGS.getAcquire(header, HEADER + 32)) {
            return null;
        }
        return new Stamp(change & 0xFFFF_FFFFL, change, frames, salts);
    }

    /**
     * One state of the header. {@code commits} is SQLite's iChange: it grows by one with every commit of
     * every process and by nothing else, so the commits between two stamps are the numbers between them.
     */
    record Stamp(long commits, long changeWord, long frameWord, long saltWord) {
        /** How many commits lie between {@code earlier} and this (iChange is 32 bits and wraps). */
        long commitsSince(Stamp earlier) {
            return (commits - earlier.commits) & 0xFFFF_FFFFL;
        }
    }

    /** After every other connection of this process to the database (see above). */
    @Override
    public void close() {
        closeQuietly(anchor);
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing is left to release.
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing is all that was left to do with it.
        }
    }
}
