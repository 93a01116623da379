package dev.switchback.api.track;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An upload as sent, checked against the {@link TrackParsers.Limits} before anything parses it
 * (contract#upload-limits): at most {@code maxFileBytes} as sent, and a {@code .gz} type at most
 * {@code maxDecompressedBytes} once decompressed, counted in a first pass that keeps nothing, so a gzip bomb
 * stops at the limit instead of filling the heap. Then {@link #open} decompresses it again as a stream for
 * the reader: the decompressed file is never held in memory whole (a 500,000-point GPX is some 50 MB of
 * text). The caller's stream is read, never closed.
 */
final class Payload {
    private static final int CHUNK = 64 * 1024;

    private final byte[] sent;
    private final DataType type;
    private final long size;

    private Payload(byte[] sent, DataType type, long size) {
        this.sent = sent;
        this.type = type;
        this.size = size;
    }

    static Payload read(InputStream upload, DataType type, TrackParsers.Limits limits) throws TrackFormatException {
        if (!type.gzipped()) {
            long max = Math.min(limits.maxFileBytes(), limits.maxDecompressedBytes());
            try {
                return of(readAtMost(upload, max, "The file is larger than " + size(max) + "."), type, limits);
            } catch (IOException e) {
                throw new TrackFormatException("The file could not be read.", e);
            }
        }
        // Counted as it arrives: a bomb stops at the decompressed limit before the rest of it is even read.
        Keeping sent = new Keeping(upload, limits.maxFileBytes());
        try {
            int first = sent.read();
            int second = first < 0 ? -1 : sent.read();
            checkCompression(first < 0 ? new byte[0] : new byte[] {(byte) first, (byte) Math.max(second, 0)}, type);
            long size =
                    count(new GZIPInputStream(new Unread(sent, first, second), CHUNK), limits.maxDecompressedBytes());
            sent.readToEnd();
            if (size == 0) {
                throw new TrackFormatException("The file is empty.");
            }
            return new Payload(sent.bytes(), type, size);
        } catch (ZipException | EOFException e) {
            throw sent.exceeded() ? tooLarge(limits) : gzipCorrupt(e);
        } catch (IOException e) {
            throw sent.exceeded() ? tooLarge(limits) : new TrackFormatException("The file could not be read.", e);
        }
    }

    private static TrackFormatException tooLarge(TrackParsers.Limits limits) {
        return new TrackFormatException("The file is larger than " + size(limits.maxFileBytes()) + ".");
    }

    private static TrackFormatException gzipCorrupt(IOException e) {
        return new TrackFormatException("The file is not valid gzip: it is truncated or corrupt.", e);
    }

    /** The same, for a file already in memory (kept, not copied). */
    static Payload of(byte[] sent, DataType type, TrackParsers.Limits limits) throws TrackFormatException {
        long max =
                type.gzipped() ? limits.maxFileBytes() : Math.min(limits.maxFileBytes(), limits.maxDecompressedBytes());
        if (sent.length > max) {
            throw new TrackFormatException("The file is larger than " + size(max) + ".");
        }
        checkCompression(sent, type);
        long size = type.gzipped() ? decompressedSize(sent, limits.maxDecompressedBytes()) : sent.length;
        if (size == 0) {
            throw new TrackFormatException("The file is empty.");
        }
        return new Payload(sent, type, size);
    }

    /** The file's bytes once decompressed. */
    long size() {
        return size;
    }

    /** The file, decompressed, as a stream read from the bytes sent. */
    InputStream open() throws TrackFormatException {
        InputStream plain = new ByteArrayInputStream(sent);
        if (!type.gzipped()) {
            return plain;
        }
        try {
            return new GZIPInputStream(plain, CHUNK);
        } catch (IOException e) {
            throw new TrackFormatException("The file is not valid gzip: it is truncated or corrupt.", e);
        }
    }

    /** The whole file, decompressed, for a reader that must see it twice (FIT: its checksum, then its records). */
    byte[] bytes() throws TrackFormatException {
        if (!type.gzipped()) {
            return sent;
        }
        try (InputStream in = open()) {
            return in.readNBytes((int) size);
        } catch (IOException e) {
            throw new TrackFormatException("The file is not valid gzip: it is truncated or corrupt.", e);
        }
    }

    /** The gzip magic number must be there exactly when the data_type ends in .gz. */
    private static void checkCompression(byte[] sent, DataType type) throws TrackFormatException {
        if (sent.length == 0) {
            throw new TrackFormatException("The file is empty.");
        }
        boolean gzip = sent.length >= 2 && (sent[0] & 0xff) == 0x1f && (sent[1] & 0xff) == 0x8b;
        if (type.gzipped() && !gzip) {
            throw new TrackFormatException("The file is not gzip-compressed, but its data_type is " + type.wireName()
                    + ": send it as " + type.format().wireName() + ".");
        }
        if (!type.gzipped() && gzip) {
            throw new TrackFormatException("The file is gzip-compressed, but its data_type is " + type.wireName()
                    + ": send it as " + type.wireName() + ".gz.");
        }
    }

    /** Decompresses without keeping anything, stopping past {@code max}. */
    private static long decompressedSize(byte[] sent, long max) throws TrackFormatException {
        try {
            return count(new GZIPInputStream(new ByteArrayInputStream(sent), CHUNK), max);
        } catch (ZipException | EOFException e) {
            throw gzipCorrupt(e);
        } catch (IOException e) {
            throw new TrackFormatException("The file could not be read.", e);
        }
    }

    private static long count(InputStream decompressed, long max) throws IOException, TrackFormatException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try (InputStream in = decompressed) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > max) {
                    throw new TrackFormatException("The file is larger than " + size(max) + " once decompressed.");
                }
            }
        }
        return total;
    }

    /** The upload as it is read, kept; failing past the cap. Closing it leaves the upload open. */
    private static final class Keeping extends InputStream {
        private final InputStream in;
        private final long cap;
        private byte[] kept = new byte[CHUNK];
        private int length;
        private boolean exceeded;

        Keeping(InputStream in, long cap) {
            this.in = in;
            this.cap = cap;
        }

        boolean exceeded() {
            return exceeded;
        }

        byte[] bytes() {
            return Arrays.copyOf(kept, length);
        }

        void readToEnd() throws IOException {
            byte[] buffer = new byte[CHUNK];
            while (read(buffer, 0, buffer.length) >= 0) {
                // kept as it is read
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = in.read(b, off, (int) Math.min(len, cap + 1 - length));
            if (read > 0) {
                if (length + (long) read > cap) {
                    exceeded = true;
                    throw new IOException("more than " + cap + " bytes");
                }
                if (length + read > kept.length) {
                    kept = Arrays.copyOf(kept, (int) Math.min(cap, Math.max(2L * kept.length, length + read)));
                }
                System.arraycopy(b, off, kept, length, read);
                length += read;
            }
            return read;
        }

        @Override
        public void close() {
            // The upload belongs to the caller.
        }
    }

    /** The two bytes read to look at the magic number, then the rest. */
    private static final class Unread extends InputStream {
        private final InputStream rest;
        private final int[] head;
        private int next;

        Unread(InputStream rest, int first, int second) {
            this.rest = rest;
            this.head = first < 0 ? new int[0] : second < 0 ? new int[] {first} : new int[] {first, second};
        }

        @Override
        public int read() throws IOException {
            return next < head.length ? head[next++] : rest.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (next < head.length) {
                b[off] = (byte) head[next++];
                return 1;
            }
            return rest.read(b, off, len);
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
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
