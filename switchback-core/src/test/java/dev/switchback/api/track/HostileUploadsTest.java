package dev.switchback.api.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchback.testing.UnitTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads that are not what they claim (issue 3, "Bad input"): each gives a {@link TrackFormatException}
 * with a message fit for the upload's {@code error}, quickly and in bounded memory, and nothing else.
 */
@UnitTest
class HostileUploadsTest {
    /** Bounds a parse that would expand a bomb in full (minutes, or no end): a hang, never a speed. */
    private static final Duration QUICKLY = Duration.ofSeconds(60);

    private static final long GIB = 1L << 30;

    private final TrackParsers parsers = new TrackParsers();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "annecy-run.gpx,            gpx,    The file is not well-formed XML",
        "semnoz-hike-gpx10.gpx,     gpx,    The file is not well-formed XML",
        "annecy-ride.tcx,           tcx,    The file is not well-formed XML",
        "semnoz-trail-run.fit,      fit,    The FIT file is truncated: its header announces",
        "annecy-run.gpx.gz,         gpx.gz, The file is not valid gzip: it is truncated or corrupt.",
        "annecy-ride.tcx.gz,        tcx.gz, The file is not valid gzip: it is truncated or corrupt.",
        "semnoz-trail-run.fit.gz,   fit.gz, The file is not valid gzip: it is truncated or corrupt."
    })
    void fileCutInHalf_isRefused(String name, String dataType, String message) {
        byte[] whole = SampleTracks.bytes(name);

        assertThat(refusal(Arrays.copyOf(whole, whole.length / 2), dataType)).startsWith(message);
    }

    @ParameterizedTest(name = "{0} sent as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "annecy-run.gpx          | fit    | The file is not a FIT file: it looks like XML (GPX or TCX).",
                "annecy-ride.tcx         | fit    | The file is not a FIT file: it looks like XML (GPX or TCX).",
                "semnoz-trail-run.fit    | gpx    | The file is not a GPX file: it looks like a FIT file.",
                "semnoz-trail-run.fit    | tcx    | The file is not a TCX file: it looks like a FIT file.",
                "annecy-ride.tcx         | gpx    | The file is not a GPX file: it looks like a TCX file.",
                "annecy-run.gpx          | tcx    | The file is not a TCX file: it looks like a GPX file.",
                "annecy-run.gpx.gz       | gpx    | The file is gzip-compressed, but its data_type is gpx: send it as gpx.gz.",
                "annecy-run.gpx          | gpx.gz | The file is not gzip-compressed, but its data_type is gpx.gz: send it as gpx.",
                "semnoz-trail-run.fit.gz | tcx.gz | The file is not a TCX file: it looks like a FIT file."
            })
    void fileOfAnotherType_isRefusedNamingWhatItIs(String name, String dataType, String message) {
        assertThat(refusal(SampleTracks.bytes(name), dataType)).isEqualTo(message);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void randomBytes_areRefused(DataType type) throws IOException {
        byte[] random = new byte[4096];
        new Random(type.ordinal()).nextBytes(random);
        byte[] upload = type.gzipped() ? gzip(random) : random;

        assertThat(refusal(upload, type.wireName())).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void emptyFile_isRefused(DataType type) {
        assertThat(refusal(new byte[0], type.wireName())).isEqualTo("The file is empty.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpx.gz", "tcx.gz", "fit.gz"})
    void gzipOfNothing_isRefusedAsEmpty(String dataType) throws IOException {
        assertThat(refusal(gzip(new byte[0]), dataType)).isEqualTo("The file is empty.");
    }

    @Test
    void gpxWithATrackButNoPoints_isRefused() {
        String gpx = GpxParserTest.gpx("<trk><name>Nothing</name><trkseg></trkseg></trk>");

        assertThat(refusal(gpx.getBytes(StandardCharsets.UTF_8), "gpx"))
                .isEqualTo("The GPX file has no track points with a time.");
    }

    @Test
    void tcxWithALapButNoTrackpoints_isRefused() {
        String tcx = TcxParserTest.tcx("Running", "<Lap StartTime=\"2024-03-03T09:00:00Z\"><Track></Track></Lap>");

        assertThat(refusal(tcx.getBytes(StandardCharsets.UTF_8), "tcx"))
                .isEqualTo("The TCX file has no track points with a time.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpx", "tcx"})
    void externalEntityToEtcPasswd_isRefusedUnread(String dataType) {
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE gpx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&xxe;</name>
                <trkseg><trkpt lat="45" lon="6"><time>2024-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>
                """;

        String message = refusal(xxe.getBytes(StandardCharsets.UTF_8), dataType);

        assertThat(message)
                .isEqualTo("The file has a DOCTYPE declaration, which " + dataType.toUpperCase()
                        + " files never have; it is refused (line 2).");
        assertThat(message).doesNotContain("root:");
    }

    @Test
    void entityReferenceWithoutDoctype_isRefusedUnexpanded() {
        String gpx = GpxParserTest.gpx("<trk><name>&xxe;</name><trkseg><trkpt lat=\"45\" lon=\"6\">"
                + "<time>2024-01-01T10:00:00Z</time></trkpt></trkseg></trk>");

        assertThat(refusal(gpx.getBytes(StandardCharsets.UTF_8), "gpx"))
                .isEqualTo("The file refers to an entity &xxe; which GPX files never declare; it is refused (line 3).");
    }

    @Test
    void externalDtdAndEntities_areNeverFetched() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/evil";
            String gpx = "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx SYSTEM \"" + url
                    + ".dtd\" [ <!ENTITY % remote SYSTEM \"" + url + ".ent\"> %remote; <!ENTITY leak SYSTEM \"" + url
                    + "\"> ]>\n<gpx><name>&leak;</name></gpx>";

            assertThat(refusal(gpx.getBytes(StandardCharsets.UTF_8), "gpx")).contains("DOCTYPE");
            server.setSoTimeout(300);
            assertThatThrownBy(server::accept)
                    .as("no connection to the DTD's host")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void billionLaughs_isRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [" + dtd + "]>\n<gpx><name>&lol9;</name></gpx>";

        String message =
                assertTimeoutPreemptively(QUICKLY, () -> refusal(bomb.getBytes(StandardCharsets.UTF_8), "gpx"));

        assertThat(message).contains("DOCTYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpx.gz", "tcx.gz", "fit.gz"})
    void gzipBombOfOneGibibyte_stopsAt64MiBQuickly(String dataType) {
        CountingInputStream bomb = new CountingInputStream(gzipOfZeros(GIB));

        String message = assertTimeoutPreemptively(QUICKLY, () -> refusal(bomb, dataType));

        assertThat(message).isEqualTo("The file is larger than 64 MiB once decompressed.");
        assertThat(bomb.count)
                .as("compressed bytes read: the bomb is not read to its end")
                .isLessThan(1L << 20);
    }

    @Test
    void gzipOfZeros_isAValidGzipStream_soTheBombTestsTheLimitNotABadHeader() throws IOException {
        try (InputStream in = new GZIPInputStream(gzipOfZeros(3_000_000))) {
            byte[] content = in.readAllBytes();
            assertThat(content).hasSize(3_000_000);
            assertThat(content).containsOnly(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpx", "fit", "tcx.gz"})
    void uploadOver25MiB_isRefusedWithoutReadingOn(String dataType) {
        long size = (25L << 20) + 1;
        byte[] start =
                dataType.endsWith(".gz") ? new byte[] {0x1f, (byte) 0x8b} : "<gpx>".getBytes(StandardCharsets.UTF_8);
        CountingInputStream upload = new CountingInputStream(
                new SequenceInputStream(new ByteArrayInputStream(start), new ZeroInputStream(size - start.length)));

        String message = assertTimeoutPreemptively(QUICKLY, () -> refusal(upload, dataType));

        assertThat(message)
                .isIn("The file is larger than 25 MiB.", "The file is not valid gzip: it is truncated or corrupt.");
        assertThat(upload.count).isLessThanOrEqualTo(size);
    }

    @Test
    void uploadOver25MiB_evenIfValidGzip_isRefusedAsTooLarge() throws IOException {
        byte[] large = gzipStored(new byte[(25 << 20) + 4096]);

        assertThat(assertTimeoutPreemptively(QUICKLY, () -> refusal(large, "gpx.gz")))
                .isEqualTo("The file is larger than 25 MiB.");
    }

    @Test
    void elementsNestedTenThousandDeep_areRefusedWithoutStackOverflow() {
        String deep = "<gpx>" + "<extensions>".repeat(10_000) + "</extensions>".repeat(10_000) + "</gpx>";

        assertThat(refusal(deep.getBytes(StandardCharsets.UTF_8), "gpx"))
                .startsWith("The file is not well-formed XML (line 1, column ")
                .contains("maxElementDepth");
    }

    @Test
    void megabyteOfTextInOneElement_isRefused() {
        String gpx = GpxParserTest.gpx("<trk><name>" + "x".repeat(1 << 20) + "</name></trk>");

        assertThat(refusal(gpx.getBytes(StandardCharsets.UTF_8), "gpx"))
                .isEqualTo("The GPX file has more than 4096 characters in <name> (line 3).");
    }

    @Test
    void morePointsThanTheLimit_isRefused() {
        TrackParsers small = new TrackParsers(new TrackParsers.Limits(1 << 20, 1 << 20, 100));

        assertThatThrownBy(() -> small.parse(SampleTracks.open(SampleTracks.RUN_GPX), DataType.GPX))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The GPX file has more than 100 points.");
        assertThatThrownBy(() -> small.parse(SampleTracks.open(SampleTracks.TRAIL_RUN_FIT), DataType.FIT))
                .isInstanceOf(TrackFormatException.class)
                .hasMessage("The FIT file has more than 100 points.");
    }

    @Test
    void smallerLimits_nameTheirSizeInBytes() {
        TrackParsers small = new TrackParsers(new TrackParsers.Limits(2000, 5000, 100));

        assertThatThrownBy(() -> small.parse(SampleTracks.open(SampleTracks.RUN_GPX), DataType.GPX))
                .hasMessage("The file is larger than 2000 bytes.");
        assertThatThrownBy(() -> small.parse(SampleTracks.open(SampleTracks.HIKE_GPX10 + ".gz"), DataType.GPX_GZ))
                .hasMessage("The file is larger than 5000 bytes once decompressed.");
    }

    @Test
    void limits_refuseNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> new TrackParsers.Limits(0, 1, 1))
                .hasMessageStartingWith("maxFileBytes must be in [1, ")
                .hasMessageEndingWith("(got 0)");
        assertThatThrownBy(() -> new TrackParsers.Limits(1, 1L << 40, 1))
                .hasMessageStartingWith("maxDecompressedBytes must be in [1, ");
        assertThatThrownBy(() -> new TrackParsers.Limits(1, 1, 0))
                .hasMessageStartingWith("maxPoints must be in [1, ")
                .hasMessageEndingWith("(got 0)");
        assertThatThrownBy(() -> new TrackParsers.Limits(1, 1, 1, java.time.Duration.ofDays(366)))
                .hasMessage("maxDuration must be in [0s, PT8760H] (got PT8784H)");
    }

    /** Thousands of damaged samples: each either still parses or is refused, and nothing else escapes. */
    @Test
    void randomlyDamagedSamples_giveATrackOrATrackFormatException_neverAnythingElse() {
        Random random = new Random(3);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String name : SampleTracks.ALL) {
                DataType type = DataType.fromWireName(name.substring(name.lastIndexOf('.') + 1))
                        .orElseThrow();
                byte[] sample = SampleTracks.bytes(name);
                for (int i = 0; i < 150; i++) {
                    byte[] damaged = damage(sample, random);
                    assertThatCode(() -> {
                                try {
                                    parsers.parse(new ByteArrayInputStream(damaged), type);
                                } catch (TrackFormatException expected) {
                                    assertThat(expected.getMessage()).isNotBlank();
                                }
                            })
                            .as(name + " damaged, try " + i)
                            .doesNotThrowAnyException();
                }
            }
        });
    }

    @Test
    void theUploadStream_isLeftOpenForItsOwner() throws Exception {
        boolean[] closed = {false};
        InputStream upload = new FilterInputStream(SampleTracks.open(SampleTracks.RUN_GPX + ".gz")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        parsers.parse(upload, DataType.GPX_GZ);

        assertThat(closed[0]).isFalse();
    }

    @Test
    void anUncheckedFailureUnderneath_isWrappedWithoutItsDetails() {
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("disk on fire");
            }
        };

        TrackFormatException refused =
                catchThrowableOfType(TrackFormatException.class, () -> parsers.parse(failing, DataType.GPX));

        assertThat(refused).hasMessage("The file could not be read as GPX.");
        assertThat(refused.getMessage()).doesNotContain("disk on fire", "IllegalStateException");
    }

    private String refusal(byte[] upload, String dataType) {
        return refusal(new ByteArrayInputStream(upload), dataType);
    }

    /** The message of the TrackFormatException the upload gets; fails the test if it gets anything else. */
    private String refusal(InputStream upload, String dataType) {
        DataType type = DataType.fromWireName(dataType).orElseThrow();
        TrackFormatException refused =
                catchThrowableOfType(TrackFormatException.class, () -> parsers.parse(upload, type));
        assertThat(refused)
                .as("a TrackFormatException for this %s upload", dataType)
                .isNotNull();
        return refused.getMessage();
    }

    private static byte[] damage(byte[] sample, Random random) {
        byte[] damaged = switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(sample, random.nextInt(sample.length));
            case 1 -> sample.clone();
            default -> {
                byte[] copy = sample.clone();
                int from = random.nextInt(copy.length);
                int to = random.nextInt(copy.length);
                System.arraycopy(
                        sample, from, copy, to, Math.min(random.nextInt(64), copy.length - Math.max(from, to)));
                yield copy;
            }
        };
        for (int flips = random.nextInt(4); flips >= 0 && damaged.length > 0; flips--) {
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return damaged;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }

    /** Gzip without compression: as large as the content, and quick to make. */
    private static byte[] gzipStored(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }

    /**
     * A gzip stream of {@code size} zero bytes, compressed as it is read: a parser that stops at its limit
     * makes the test compress only that much, so a 1 GiB bomb costs the test a few megabytes and
     * milliseconds. Header (RFC 1952), raw deflate of the zeros, then CRC-32 and size, made when reached.
     */
    static InputStream gzipOfZeros(long size) {
        CheckedInputStream zeros = new CheckedInputStream(new ZeroInputStream(size), new CRC32());
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        InputStream body = new DeflaterInputStream(zeros, new Deflater(Deflater.BEST_COMPRESSION, true), 1 << 16);
        List<InputStream> parts = List.of(new ByteArrayInputStream(header), body);
        Enumeration<InputStream> sequence = new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < 3;
            }

            @Override
            public InputStream nextElement() {
                return next < 2 ? parts.get(next++) : trailer(next++);
            }

            private InputStream trailer(int ignored) {
                long crc = zeros.getChecksum().getValue();
                return new ByteArrayInputStream(new byte[] {
                    (byte) crc,
                    (byte) (crc >> 8),
                    (byte) (crc >> 16),
                    (byte) (crc >> 24),
                    (byte) size,
                    (byte) (size >> 8),
                    (byte) (size >> 16),
                    (byte) (size >> 24)
                });
            }
        };
        return new SequenceInputStream(sequence);
    }

    /** {@code size} zero bytes, made as they are read. */
    static final class ZeroInputStream extends InputStream {
        private long left;

        ZeroInputStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    /** Counts the bytes a parser takes from an upload. */
    static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
