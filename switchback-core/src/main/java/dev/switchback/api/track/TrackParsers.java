package dev.switchback.api.track;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link TrackParser} for every upload {@code data_type}: checks the file against the {@link Limits}
 * (contract#upload-limits), decompresses the {@code .gz} types, then hands it to the GPX, TCX or FIT reader.
 *
 * <p>Whatever the input, {@link #parse} either returns a {@link Track} or throws a
 * {@link TrackFormatException} whose message can be shown to the uploader; nothing else escapes, not even
 * an error from a library on a hostile file. It is immutable and thread-safe; each call holds the file as sent
 * (at most {@link Limits#maxFileBytes()}) and reads GPX and TCX decompressed as a stream; a FIT file, which
 * is read twice (its checksum, then its records), is held decompressed.
 *
 * <pre>{@code
 * TrackParser parser = new TrackParsers();
 * Track track = parser.parse(upload.file(), DataType.fromWireName("gpx.gz").orElseThrow());
 * }</pre>
 */
public final class TrackParsers implements TrackParser {

    private final Limits limits;

    /** A parser with the {@link Limits#DEFAULT default limits}. */
    public TrackParsers() {
        this(Limits.DEFAULT);
    }

    public TrackParsers(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Track parse(InputStream file, DataType type) throws TrackFormatException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        return guarded(type, () -> read(Payload.read(file, type, limits), type));
    }

    @Override
    public Track parse(byte[] file, DataType type) throws TrackFormatException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        return guarded(type, () -> read(Payload.of(file, type, limits), type));
    }

    private Track read(Payload payload, DataType type) throws TrackFormatException {
        return switch (type.format()) {
            case FIT -> new FitReader(limits).read(payload.bytes());
            case TCX -> new TcxReader(limits).read(payload);
            default -> new GpxReader(limits).read(payload);
        };
    }

    /** What a parse may do. */
    private interface Parse {
        Track run() throws TrackFormatException;
    }

    /** Whatever fails inside is a {@link TrackFormatException} the uploader may read. */
    private static Track guarded(DataType type, Parse parse) throws TrackFormatException {
        try {
            return parse.run();
        } catch (TrackFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new TrackFormatException(unreadable(type), e);
        } catch (OutOfMemoryError e) {
            throw new TrackFormatException(unreadable(type) + " It is too large to process.", e);
        }
    }

    private static String unreadable(DataType type) {
        return "The file could not be read as " + type.format().wireName().toUpperCase(Locale.ROOT) + ".";
    }

    /**
     * How much a parser accepts, so that no upload can exhaust memory or time, and nothing stored from an
     * upload can fail to read back (contract#upload-limits): every limit is one number, checked here, when the
     * file is parsed.
     *
     * @param maxFileBytes         the most bytes read from the upload as sent (compressed or not)
     * @param maxDecompressedBytes the most bytes a {@code .gz} upload may decompress to
     * @param maxPoints            the most points a track may have
     * @param maxDuration          the longest time from a track's first point to its last
     */
    public record Limits(long maxFileBytes, long maxDecompressedBytes, int maxPoints, Duration maxDuration) {

        /** The earliest time a point may have: a time before 1970 is a broken clock, not an activity. */
        public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
        /** The latest time a point may have (ISO 8601's four-digit years). */
        public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
        /** An activity lasts at most a year; a manual one too (its {@code elapsed_time}). */
        public static final Duration MAX_DURATION = Duration.ofDays(365);

        /**
         * 25 MiB sent (Strava's own uploader stops at 25 MB), 64 MiB decompressed, 500,000 points (5.8 days at
         * 1 s), a year from the first point to the last.
         */
        public static final Limits DEFAULT = new Limits(25L << 20, 64L << 20, 500_000, MAX_DURATION);

        /** The largest array the JVM allocates reliably: an uploaded file is held in one. */
        static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;
        /** A stream column holds latitudes and longitudes together: twice the points must fit in an array. */
        static final int MAX_POINTS = (Integer.MAX_VALUE - 16) / 2;

        public Limits {
            if (maxFileBytes < 1 || maxFileBytes > MAX_ARRAY_BYTES) {
                throw new IllegalArgumentException(
                        "maxFileBytes must be in [1, " + MAX_ARRAY_BYTES + "] (got " + maxFileBytes + ")");
            }
            if (maxDecompressedBytes < 1 || maxDecompressedBytes > MAX_ARRAY_BYTES) {
                throw new IllegalArgumentException("maxDecompressedBytes must be in [1, " + MAX_ARRAY_BYTES + "] (got "
                        + maxDecompressedBytes + ")");
            }
            if (maxPoints < 1 || maxPoints > MAX_POINTS) {
                throw new IllegalArgumentException(
                        "maxPoints must be in [1, " + MAX_POINTS + "] (got " + maxPoints + ")");
            }
            if (maxDuration.isNegative() || maxDuration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(
                        "maxDuration must be in [0s, " + MAX_DURATION + "] (got " + maxDuration + ")");
            }
        }

        /** With the default duration: the three sizes. */
        public Limits(long maxFileBytes, long maxDecompressedBytes, int maxPoints) {
            this(maxFileBytes, maxDecompressedBytes, maxPoints, MAX_DURATION);
        }

        /** The same limits with another largest file as sent (the server's {@code upload.max-file-size}). */
        public Limits withMaxFileBytes(long bytes) {
            return new Limits(bytes, maxDecompressedBytes, maxPoints, maxDuration);
        }
    }
}
