package dev.switchback.api.track;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an upload into memory within the {@link TrackParsers.Limits}: at most {@code maxFileBytes} as sent,
 * at most {@code maxDecompressedBytes} once a {@code .gz} type is decompressed, so a gzip bomb stops at the
 * limit instead of filling the heap. The caller's stream is read, never closed.
 */
final class Payload {
    private static final int CHUNK = 64 * 1024;

    private Payload() {}

    static byte[] read(InputStream upload, DataType type, TrackParsers.Limits limits) throws TrackFormatException {
        CappedInputStream sent = new CappedInputStream(upload, limits.maxFileBytes());
        try {
            BufferedInputStream buffered = new BufferedInputStream(sent, CHUNK);
            checkCompression(buffered, type);
            if (!type.gzipped()) {
                long max = Math.min(limits.maxFileBytes(), limits.maxDecompressedBytes());
                return readAtMost(buffered, max, "The file is larger than " + size(max) + ".");
            }
            try (GZIPInputStream gunzip = new GZIPInputStream(buffered, CHUNK)) {
                return readAtMost(
                        gunzip,
                        limits.maxDecompressedBytes(),
                        "The file is larger than " + size(limits.maxDecompressedBytes()) + " once decompressed.");
            }
        } catch (IOException e) {
            throw readFailure(e, sent, limits);
        }
    }

    /** The gzip magic number must be there exactly when the data_type ends in .gz. */
    private static void checkCompression(BufferedInputStream in, DataType type)
            throws IOException, TrackFormatException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first < 0) {
            throw new TrackFormatException("The file is empty.");
        }
        boolean gzip = first == 0x1f && second == 0x8b;
        if (type.gzipped() && !gzip) {
            throw new TrackFormatException("The file is not gzip-compressed, but its data_type is " + type.wireName()
                    + ": send it as " + type.format().wireName() + ".");
        }
        if (!type.gzipped() && gzip) {
            throw new TrackFormatException("The file is gzip-compressed, but its data_type is " + type.wireName()
                    + ": send it as " + type.wireName() + ".gz.");
        }
    }

    private static byte[] readAtMost(InputStream in, long max, String tooLarge)
            throws IOException, TrackFormatException {
        byte[] buffer = new byte[(int) Math.min(max + 1, CHUNK)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > max) {
                    throw new TrackFormatException(tooLarge);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(max + 1, 2L * buffer.length));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                break;
            }
            length += read;
        }
        if (length > max) {
            throw new TrackFormatException(tooLarge);
        }
        if (length == 0) {
            throw new TrackFormatException("The file is empty.");
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    private static TrackFormatException readFailure(IOException e, CappedInputStream sent, TrackParsers.Limits limits) {
        if (sent.exceeded()) {
            return new TrackFormatException("The file is larger than " + size(limits.maxFileBytes()) + ".", e);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new TrackFormatException("The file is not valid gzip: it is truncated or corrupt.", e);
        }
        return new TrackFormatException("The file could not be read.", e);
    }

    static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Counts what is read from the upload and fails past the cap; closing it leaves the upload open. */
    private static final class CappedInputStream extends InputStream {
        private final InputStream in;
        private final long cap;
        private long count;
        private boolean exceeded;

        CappedInputStream(InputStream in, long cap) {
            this.in = in;
            this.cap = cap;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = in.read(b, off, (int) Math.min(len, cap + 1 - count));
            if (read > 0) {
                count += read;
                if (count > cap) {
                    exceeded = true;
                    throw new IOException("more than " + cap + " bytes");
                }
            }
            return read;
        }

        @Override
        public void close() {
            // The upload belongs to the caller.
        }
    }
}
