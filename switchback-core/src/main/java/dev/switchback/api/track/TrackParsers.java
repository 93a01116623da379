package dev.switchback.api.track;

import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link TrackParser} for every upload {@code data_type}: reads the file within {@link Limits},
 * decompresses the {@code .gz} types, then hands the bytes to the GPX, TCX or FIT reader.
 *
 * <p>Whatever the input, {@link #parse} either returns a {@link Track} or throws a
 * {@link TrackFormatException} whose message can be shown to the uploader; nothing else escapes, not even
 * an error from a library on a hostile file. It is immutable and thread-safe; each call holds the file,
 * decompressed, in memory (at most {@link Limits#maxDecompressedBytes()}).
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
        try {
            byte[] content = Payload.read(file, type, limits);
            return switch (type.format()) {
                case FIT -> new FitReader(limits).read(content);
                case TCX -> new TcxReader(limits).read(content);
                default -> new GpxReader(limits).read(content);
            };
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
     * How much a parser accepts, so that no upload can exhaust memory or time.
     *
     * @param maxFileBytes         the most bytes read from the upload as sent (compressed or not)
     * @param maxDecompressedBytes the most bytes a {@code .gz} upload may decompress to
     * @param maxPoints            the most points a track may have
     */
    public record Limits(long maxFileBytes, long maxDecompressedBytes, int maxPoints) {

        /** 25 MiB sent (Strava's own uploader stops at 25 MB), 64 MiB decompressed, 500,000 points (5.8 days at 1 s). */
        public static final Limits DEFAULT = new Limits(25L << 20, 64L << 20, 500_000);

        /** The largest array the JVM allocates reliably: a decompressed file is held in one. */
        static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

        public Limits {
            if (maxFileBytes < 1) {
                throw new IllegalArgumentException("maxFileBytes must be >= 1 (got " + maxFileBytes + ")");
            }
            if (maxDecompressedBytes < 1 || maxDecompressedBytes > MAX_ARRAY_BYTES) {
                throw new IllegalArgumentException("maxDecompressedBytes must be in [1, " + MAX_ARRAY_BYTES + "] (got "
                        + maxDecompressedBytes + ")");
            }
            if (maxPoints < 1) {
                throw new IllegalArgumentException("maxPoints must be >= 1 (got " + maxPoints + ")");
            }
        }
    }
}
