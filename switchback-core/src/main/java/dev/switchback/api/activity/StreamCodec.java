package dev.switchback.api.activity;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Packs one stream column into a few bytes per point: values are rounded to a fixed precision (the
 * precision Strava returns: 1e-6 degrees, 0.1 m, whole beats, revolutions and watts), stored as
 * zig-zag varint deltas from the previous present value, after a bitmap of missing (NaN) points when
 * there are any; the whole is deflated. A noisy two-hour ride at 1 Hz with every sensor takes about 45 kB.
 *
 * <p>Encoding and decoding stream through the deflater, so a column of the largest activity an upload may
 * make (contract#upload-limits) costs its values and its packed bytes, nothing more. The codec has no limit of
 * its own: a column must hold exactly the points its activity has, which the caller says, and the upload's
 * limits decide how many that may be; what was stored can always be read back.
 */
final class StreamCodec {
    private static final int VERSION = 1;
    private static final int BUFFER = 8192;

    private StreamCodec() {}

    static byte[] encode(double[] values, double scale) {
        return encode(scale, values);
    }

    /** The columns one after the other, as one column (latitudes then longitudes). */
    static byte[] encode(double scale, double[]... columns) {
        long count = 0;
        boolean anyMissing = false;
        for (double[] column : columns) {
            count += column.length;
            for (double v : column) {
                anyMissing |= Double.isNaN(v);
            }
        }
        ByteArrayOutputStream packed = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, count / 2 + 64));
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (VarintOutput out = new VarintOutput(new DeflaterOutputStream(packed, deflater, BUFFER))) {
            out.write(VERSION);
            out.varint(count);
            out.write(anyMissing ? 1 : 0);
            if (anyMissing) {
                writeBitmap(out, columns);
            }
            long previous = 0;
            for (double[] column : columns) {
                for (double value : column) {
                    if (!Double.isNaN(value)) {
                        long scaled = Math.round(value * scale);
                        long delta = scaled - previous;
                        out.varint((delta << 1) ^ (delta >> 63));
                        previous = scaled;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        } finally {
            deflater.end();
        }
        return packed.toByteArray();
    }

    private static void writeBitmap(VarintOutput out, double[][] columns) throws IOException {
        int bits = 0;
        int filled = 0;
        for (double[] column : columns) {
            for (double v : column) {
                if (Double.isNaN(v)) {
                    bits |= 1 << filled;
                }
                if (++filled == 8) {
                    out.write(bits);
                    bits = 0;
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            out.write(bits);
        }
    }

    /** A column of exactly {@code count} values; anything else is a corrupt column. */
    static double[] decode(byte[] packed, double scale, int count) {
        return decode(packed, scale, count, 1)[0];
    }

    /**
     * A column that holds {@code parts} columns of {@code count} values one after the other (latitudes then
     * longitudes), as {@code parts} arrays.
     */
    static double[][] decode(byte[] packed, double scale, int count, int parts) {
        Inflater inflater = new Inflater();
        try (InputStream in = new BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(packed), inflater, BUFFER), BUFFER)) {
            if (in.read() != VERSION) {
                throw new IllegalStateException("unknown stream encoding");
            }
            long stored = readVarint(in);
            if (stored != (long) count * parts) {
                throw new IllegalStateException(
                        "stream of " + stored + " values where " + (long) count * parts + " were expected");
            }
            boolean anyMissing = read(in) == 1;
            double[][] columns = new double[parts][count];
            if (anyMissing) {
                markMissing(in, columns);
            }
            long previous = 0;
            for (double[] column : columns) {
                for (int i = 0; i < count; i++) {
                    if (Double.isNaN(column[i])) {
                        continue;
                    }
                    long zigzag = readVarint(in);
                    previous += (zigzag >>> 1) ^ -(zigzag & 1);
                    column[i] = previous / scale;
                }
            }
            if (in.read() >= 0) { // reading to the end checks the deflated data's checksum too
                throw new IllegalStateException("stream longer than its " + stored + " values");
            }
            return columns;
        } catch (EOFException e) {
            throw new IllegalStateException("truncated stream", e);
        } catch (ZipException e) {
            throw new IllegalStateException("corrupt stream", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            inflater.end();
        }
    }

    /** Reads the bitmap of missing values into the columns as NaN (present values are 0 until read). */
    private static void markMissing(InputStream in, double[][] columns) throws IOException {
        int bits = 0;
        int position = 8;
        for (double[] column : columns) {
            for (int i = 0; i < column.length; i++) {
                if (position == 8) {
                    bits = read(in);
                    position = 0;
                }
                if ((bits & (1 << position++)) != 0) {
                    column[i] = Double.NaN;
                }
            }
        }
    }

    static byte[] encodeTime(int[] seconds) {
        double[] values = new double[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            values[i] = seconds[i];
        }
        return encode(values, 1);
    }

    static int[] decodeTime(byte[] packed, int count) {
        double[] values = decode(packed, 1, count);
        int[] seconds = new int[count];
        for (int i = 0; i < count; i++) {
            seconds[i] = (int) values[i];
        }
        return seconds;
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static long readVarint(InputStream in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = read(in);
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("malformed stream");
    }

    /** Bytes and varints into the deflater, through a small buffer. */
    private static final class VarintOutput extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int length;

        VarintOutput(OutputStream out) {
            this.out = out;
        }

        void varint(long value) throws IOException {
            while ((value & ~0x7FL) != 0) {
                write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        @Override
        public void write(int b) throws IOException {
            if (length == buffer.length) {
                out.write(buffer, 0, length);
                length = 0;
            }
            buffer[length++] = (byte) b;
        }

        @Override
        public void close() throws IOException {
            out.write(buffer, 0, length);
            out.close();
        }
    }
}
