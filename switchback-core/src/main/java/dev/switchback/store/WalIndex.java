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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
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
 * <p>One descriptor of the file is shared by every {@code WalIndex} of this process on the same database,
 * and closed when the last of them closes, which must come after every other connection of this process
 * to the database: closing a descriptor of a file drops every POSIX lock the process holds on it,
 * SQLite's included. Closing it early let another process take the wal-index for abandoned and rebuild it
 * under this one (a test caught that: the commit counter went back to zero).
 */
public final class WalIndex implements AutoCloseable {
    /** Bytes 8-11: iChange; 8-15 also isInit, bigEndCksum, szPage; 16-23: mxFrame, nPage; 32-39: the two salts. */
    private static final int HEADER = 48;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final Logger LOG = LoggerFactory.getLogger(WalIndex.class);
    /** The mapped files of this process, by real path; an entry goes when its last user closes. */
    private static final Map<Path, Shared> MAPPED = new HashMap<>();

    private final Connection anchor;
    private final Path shm;
    private final MappedByteBuffer header;
    private boolean closed;

    private WalIndex(Connection anchor, Path shm, MappedByteBuffer header) {
        this.anchor = anchor;
        this.shm = shm;
        this.header = header;
    }

    /**
     * Maps the wal-index of the SQLite database that {@code files} opens, or nothing if it has none to map
     * (not in WAL mode, or a file system without shared memory); then callers simply read the database.
     */
    static Optional<WalIndex> open(DataSource files) {
        Connection anchor = null;
        try {
            anchor = files.getConnection();
            Path database = mainFile(anchor); // as SQLite resolved it: its -shm sits beside the real file
            Path shm = database.resolveSibling(database.getFileName() + "-shm");
            if (!Files.isRegularFile(shm) || Files.size(shm) < 2 * HEADER) {
                LOG.warn("no wal-index beside {}; token checks will read the database every time", database);
                anchor.close();
                return Optional.empty();
            }
            return Optional.of(new WalIndex(anchor, shm.toRealPath(), map(shm.toRealPath())));
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn("cannot map the wal-index; token checks will read the database every time: {}", e.getMessage());
            closeQuietly(anchor);
            return Optional.empty();
        }
    }

    /** The main database's file, from SQLite itself; the read also makes the connection map the wal-index. */
    private static Path mainFile(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet databases = statement.executeQuery("PRAGMA database_list")) {
            while (databases.next()) {
                if (databases.getString(2).equals("main")
                        && !databases.getString(3).isEmpty()) {
                    return Path.of(databases.getString(3));
                }
            }
        }
        throw new SQLException("the database has no file");
    }

    private static synchronized MappedByteBuffer map(Path shm) throws IOException {
        Shared shared = MAPPED.get(shm);
        if (shared == null) {
            FileChannel channel = FileChannel.open(shm, StandardOpenOption.READ);
            try {
                shared = new Shared(channel, channel.map(FileChannel.MapMode.READ_ONLY, 0, 2 * HEADER));
            } catch (IOException | RuntimeException e) {
                MAPPED.put(shm, new Shared(channel, null)); // kept open for good: closing it would drop SQLite's locks
                throw e;
            }
            MAPPED.put(shm, shared);
        }
        if (shared.header == null) {
            throw new IOException("mapping " + shm + " failed before");
        }
        shared.users++;
        return shared.header;
    }

    private static synchronized void unmap(Path shm) {
        Shared shared = MAPPED.get(shm);
        if (shared != null && --shared.users == 0) {
            MAPPED.remove(shm);
            try {
                shared.channel.close();
            } catch (IOException ignored) {
                // Nothing is left to release.
            }
        }
    }

    private static final class Shared {
        final FileChannel channel;
        final MappedByteBuffer header;
        int users;

        Shared(FileChannel channel, MappedByteBuffer header) {
            this.channel = channel;
            this.header = header;
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
        return new Stamp(Stamp.firstInt(change) & 0xFFFF_FFFFL, change, frames, salts);
    }

    /**
     * One state of the header. {@code commits} is SQLite's iChange: it grows by one with every commit of
     * every process and by nothing else, so the commits between two stamps are the numbers between them.
     * {@code frameWord} holds mxFrame and {@code saltWord} the salts, which a restart of the WAL changes
     * (mxFrame back to 0, the first salt one more) without a commit.
     */
    record Stamp(long commits, long changeWord, long frameWord, long saltWord) {
        /** How many commits lie between {@code earlier} and this (iChange is 32 bits and wraps). */
        long commitsSince(Stamp earlier) {
            return (commits - earlier.commits) & 0xFFFF_FFFFL;
        }

        /** Whether this differs from {@code earlier} only as a restart of the WAL leaves it: content unchanged. */
        boolean isRestartOf(Stamp earlier) {
            return changeWord == earlier.changeWord
                    && firstInt(frameWord) == 0
                    && salt1(saltWord) == salt1(earlier.saltWord) + 1;
        }

        /** The first four bytes of a word read in native order (iChange and mxFrame are native integers). */
        static int firstInt(long word) {
            return (int) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? word : word >>> 32);
        }

        /** The first salt, which SQLite keeps big-endian and counts up by one at each restart. */
        private static int salt1(long word) {
            int bytes = firstInt(word);
            return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(bytes) : bytes;
        }
    }

    /** After every other connection of this process to the database (see above). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(anchor);
        unmap(shm);
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
