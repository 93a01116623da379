package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.StatusListener;
import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.testing.UnitTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access line as {@link Logging} writes it (contract#logs): queued as the request's fields and made into
 * Logback's event when the queue is written, it is the line SLF4J would have made at once, in its place among the
 * other lines, with the time and the thread of the request.
 */
@UnitTest
class AccessLogTest {
    private static final JsonMapper JSON = new JsonMapper();
    private static final Logger OTHER = LoggerFactory.getLogger("switchback.test");

    @AfterEach
    void back() {
        Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.WARN));
    }

    @ParameterizedTest
    @EnumSource(Logging.Format.class)
    void aQueuedLine_isTheLineSlf4jWouldHaveWrittenAtOnce_characterForCharacterApartFromTheTime(Logging.Format format) {
        String text;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(format, Level.INFO));
            assertThat(AccessLog.deferredTo()).as("Logging queues access lines").isNotNull();
            writeBoth("GET", "/api/v3/athlete", 200, 4.94f, "c55ef3aaafd70643", new AppId(7), new AthleteId(1204));
            writeBoth("OTHER", AccessLog.UNMATCHED, 404, 0.04f, "0123456789abcdef", null, null);
            writeBoth("POST", "/oauth/token", 400, 12.35f, "req-1.a:b", new AppId(7), null);
            Logging.stop();
            text = log.text();
        }

        List<String> lines = accessLines(text, format);
        assertThat(lines).hasSize(6);
        for (int i = 0; i < lines.size(); i += 2) {
            assertThat(lines.get(i)).isEqualTo(lines.get(i + 1));
        }
        assertThat(lines.get(0))
                .contains("request_id")
                .contains("c55ef3aaafd70643")
                .contains("1204");
    }

    @Test
    void aQueuedTextLine_isWrittenAsTheTextPatternWritesItsEvent_timeIncluded_inAZoneWithAnOffset() {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // -03:30 or -02:30: the offset is written
        try {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            Encoder<ILoggingEvent> pattern = Logging.encoder(context, Logging.Format.TEXT);
            StderrAppender.TextLines lines = new StderrAppender.TextLines(Logging.DATE_PATTERN);
            long[] times = {
                0,
                1_764_936_000_999L,
                1_764_936_001_000L,
                1_764_936_001_000L,
                1_764_936_001_007L, // the second's text kept, its milliseconds written in
                1_764_936_001_070L,
                1_764_936_000_005L, // back to the second before, as a line of another thread's batch can be
                1_751_328_000_123L,
                1_741_498_199_999L, // the last millisecond at -03:30, then the first at -02:30 (Mar 9, 2025)
                1_741_498_200_000L,
                1_741_498_200_001L,
                -1L // before 1970: the second starts at -1000
            };
            List<AccessLog.Line> queued = new ArrayList<>();
            for (long time : times) {
                queued.add(AccessLog.line(
                        "GET",
                        "/api/v3/athlete",
                        200,
                        4.94f,
                        "c55ef3aaafd70643",
                        new AppId(7),
                        new AthleteId(1204),
                        false,
                        time,
                        "qtp-1"));
            }
            queued.add(AccessLog.line(
                    "OTHER", AccessLog.UNMATCHED, 404, 0.04f, "0123456789abcdef", null, null, false, 5L, "qtp-2"));
            queued.add(AccessLog.line(
                    "GET", "/api/v3/athletes/{id}/stats", 200, 12.35f, "req-1.a:b", null, null, false, 6L, "qtp-3"));
            queued.add(AccessLog.line("GET", "/é", 404, 1f, "0123456789abcdef", null, null, false, 7L, "qtp-4"));

            for (AccessLog.Line line : queued) {
                String written = new String(lines.encode(line), StandardCharsets.UTF_8);
                assertThat(written).isEqualTo(new String(pattern.encode(line.event(context)), StandardCharsets.UTF_8));
            }
            assertThat(new String(lines.encode(queued.get(1)), StandardCharsets.UTF_8))
                    .startsWith("2025-12-05T08:30:00.999-03:30 INFO  access - GET /api/v3/athlete 200 5ms ");
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void aLineWithoutAPassedId_getsOneOfOurs_sixteenHexDigits_theSameInTextAndInPairs() {
        AccessLog.Line text = AccessLog.line("GET", "/api/v3/athlete", 200, 1f, null, null, null, false, 0L, "qtp-1");
        AccessLog.Line pairs = AccessLog.line("GET", "/api/v3/athlete", 200, 1f, null, null, null, true, 0L, "qtp-1");

        assertThat(text.text()).containsPattern(" request_id=[0-9a-f]{16}$");
        String id = text.text().substring(text.text().indexOf("request_id=") + "request_id=".length());
        assertThat(id).isEqualTo(text.requestIdText());
        assertThat(pairs.fields())
                .filteredOn(field -> field.key.equals("request_id"))
                .singleElement()
                .satisfies(field -> assertThat(field.value)
                        .asString()
                        .matches("[0-9a-f]{16}")
                        .isEqualTo(pairs.requestIdText()));
        assertThat(pairs.requestIdText()).isNotEqualTo(id); // a new id for each request
    }

    @Test
    void aQueuedLineWithItsFieldsAsPairs_hasNoTextForm_andIsMadeIntoItsEvent() {
        StderrAppender.TextLines lines = new StderrAppender.TextLines(Logging.DATE_PATTERN);

        assertThat(lines.encode(AccessLog.line(
                        "GET", "/api/v3/athlete", 200, 1f, "0123456789abcdef", null, null, true, 0L, "qtp-1")))
                .isNull();
    }

    @Test
    void aQueuedLine_keepsItsPlaceAmongTheOtherLines_withTheTimeAndThreadOfItsRequest() throws Exception {
        AtomicLong before = new AtomicLong();
        AtomicLong after = new AtomicLong();
        String text;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.JSON, Level.INFO));
            Thread request = new Thread(
                    () -> {
                        OTHER.info("before the request's line");
                        before.set(System.currentTimeMillis());
                        AccessLog.write("GET", "/api/v3/athlete", 200, 1.2f, "0123456789abcdef", null, null);
                        after.set(System.currentTimeMillis());
                    },
                    "request-thread-7");
            request.start();
            request.join();
            // The line was queued as fields; the clock moves on before the WARN line below has the queue written
            while (System.currentTimeMillis() <= after.get()) {
                Thread.onSpinWait();
            }
            OTHER.warn("after the request's line");
            text = log.text();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines)
                .extracting(line -> line.get("loggerName").asString())
                .containsExactly("switchback.test", "switchback.access", "switchback.test");
        JsonNode access = lines.get(1);
        assertThat(access.get("threadName").asString()).isEqualTo("request-thread-7");
        assertThat(access.get("timestamp").asLong()).isBetween(before.get(), after.get());
        assertThat(access.get("formattedMessage").asString()).isEqualTo("GET /api/v3/athlete 200 1ms");
    }

    @Test
    void aLine_isQueuedAsItsFields_countedAsItsSize_andWrittenWithItsBatch() {
        String queuedText;
        long queued;
        String text;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            StderrAppender logging = AccessLog.deferredTo();
            StderrAppender idle = idleAppender(logging); // its flusher waits an hour: nothing writes but the stop
            AccessLog.deferTo(idle);
            try {
                AccessLog.write("GET", "/api/v3/athlete", 200, 1.2f, "0123456789abcdef", null, null);
                queued = idle.queuedBytes();
                queuedText = log.text();
                idle.stop();
            } finally {
                AccessLog.deferTo(logging);
            }
            assertThat(idle.queuedBytes()).isZero();
            text = log.text();
        }

        assertThat(queued).isEqualTo(192);
        assertThat(queuedText).doesNotContain("request_id=0123456789abcdef");
        assertThat(text.split("request_id=0123456789abcdef", -1)).hasSize(2);
    }

    @Test
    void atTheWarnLevel_noLineIsQueued_norWritten() {
        String text;
        long queued;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.WARN));
            StderrAppender logging = AccessLog.deferredTo();
            StderrAppender idle = idleAppender(logging);
            AccessLog.deferTo(idle);
            try {
                AccessLog.write("GET", "/api/v3/athlete", 200, 1.2f, "0123456789abcdef", null, null);
                queued = idle.queuedBytes();
                idle.stop();
            } finally {
                AccessLog.deferTo(logging);
            }
            Logging.stop();
            text = log.text();
        }

        assertThat(queued).isZero();
        assertThat(text).doesNotContain("0123456789abcdef");
    }

    @Test
    void aLineHandedToAnAppenderThatHasStopped_isWrittenOnce_throughSlf4j() {
        String text;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            StderrAppender stopped = AccessLog.deferredTo();
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO)); // stops it, starts another
            StderrAppender current = AccessLog.deferredTo();
            AccessLog.deferTo(stopped); // a request that read the old one just before
            try {
                AccessLog.write("GET", "/api/v3/athlete", 200, 1.2f, "0123456789abcdef", null, null);
            } finally {
                AccessLog.deferTo(current);
            }
            Logging.stop();
            text = log.text();
        }

        assertThat(text.split("request_id=0123456789abcdef", -1)).hasSize(2);
    }

    @Test
    void aQueuedLineThatCannotBeMade_isReported_andTheLinesAfterItAreWritten() {
        String text;
        boolean queued;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<String> reported = new CopyOnWriteArrayList<>();
        StatusListener listener = status -> reported.add(status.getMessage());
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            context.getStatusManager().add(listener);
            queued = AccessLog.deferredTo().defer(new StderrAppender.Deferred() {
                @Override
                public ILoggingEvent event(LoggerContext context) {
                    throw new IllegalStateException("no event");
                }

                @Override
                public int bytes() {
                    return 100;
                }
            });
            AccessLog.write("GET", "/api/v3/athlete", 200, 1.2f, "0123456789abcdef", null, null);
            OTHER.warn("after the line that could not be made");
            text = log.text();
        } finally {
            context.getStatusManager().remove(listener);
        }

        assertThat(queued).isTrue();
        assertThat(text)
                .contains("request_id=0123456789abcdef")
                .contains("WARN  test - after the line that could not be made")
                .doesNotContain("no event");
        assertThat(reported).contains("could not encode a deferred line");
    }

    /**
     * An appender writing as {@code logging} (in text format) does, whose flusher waits an hour: its queue holds what
     * is queued.
     */
    private static StderrAppender idleAppender(StderrAppender logging) {
        StderrAppender idle = new StderrAppender(TimeUnit.HOURS.toMillis(1));
        idle.setContext(logging.getContext());
        idle.setEncoder(logging.getEncoder());
        idle.writeDeferredAsText(Logging.DATE_PATTERN);
        idle.start();
        return idle;
    }

    /** The line queued (Logging's way), then the same line logged through SLF4J at once. */
    private static void writeBoth(
            String method, String route, int status, float millis, String requestId, AppId client, AthleteId athlete) {
        AccessLog.write(method, route, status, millis, requestId, client, athlete);
        StderrAppender appender = AccessLog.deferredTo();
        AccessLog.deferTo(null);
        try {
            AccessLog.write(method, route, status, millis, requestId, client, athlete);
        } finally {
            AccessLog.deferTo(appender);
        }
    }

    /** The access lines without their time: text from its first space, JSON without its timestamp. */
    private static List<String> accessLines(String text, Logging.Format format) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (format == Logging.Format.TEXT && line.contains(" access - ")) {
                lines.add(line.substring(line.indexOf(' ')));
            } else if (format == Logging.Format.JSON && line.contains("\"switchback.access\"")) {
                lines.add(line.replaceFirst("^\\{\"timestamp\":[0-9]+,", "{"));
            }
        }
        return lines;
    }
}
