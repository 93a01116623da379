package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.testing.UnitTest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging's buffered standard error (contract#logs): lines from many threads arrive whole and once each, one
 * thread's in order, a WARN line is written before the call that logs it returns, with every line any thread logged
 * before it, stopping writes what is still buffered, and a standard error nobody reads holds the writers back once a bounded queue is full.
 */
@UnitTest
class StderrAppenderTest {
    private static final Logger LOG = LoggerFactory.getLogger("switchback.test");
    private static final Pattern LINE = Pattern.compile("INFO  test - line (\\d+)-(\\d+) n=\\1-\\2");

    @AfterEach
    void back() {
        Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.WARN));
    }

    @Test
    void linesFromManyThreads_arriveWholeAndOnceEach_afterTheStop() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        String text;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        LOG.atInfo()
                                .setMessage("line {}-{}")
                                .addArgument(writer)
                                .addArgument(i)
                                .addKeyValue("n", writer + "-" + i)
                                .log();
                    }
                });
                thread.start();
                writers.add(thread);
            }
            for (Thread thread : writers) {
                thread.join();
            }
            Logging.stop();
            text = log.text();
        }

        boolean[][] seen = new boolean[threads][perThread];
        int lines = 0;
        for (String line : text.split("\n")) {
            if (!line.contains(" test - ")) {
                continue;
            }
            Matcher whole = LINE.matcher(line);
            assertThat(whole.find()).as("a whole line: %s", line).isTrue();
            int writer = Integer.parseInt(whole.group(1));
            int i = Integer.parseInt(whole.group(2));
            assertThat(seen[writer][i]).as("line %d-%d once", writer, i).isFalse();
            seen[writer][i] = true;
            lines++;
        }
        assertThat(lines).isEqualTo(threads * perThread);
    }

    @Test
    void aWarnLine_isOnStandardError_whenTheCallReturns() {
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            LOG.info("quiet line");
            LOG.warn("something is wrong");

            assertThat(log.text()).contains("INFO  test - quiet line").contains("WARN  test - something is wrong");
        }
    }

    @Test
    void aWarnLine_writesTheLinesOtherThreadsLoggedBeforeIt() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            StderrAppender idle = idleAppender(AccessLog.deferredTo()); // nothing writes but a WARN line and the stop
            CountDownLatch done = new CountDownLatch(1);
            try {
                Thread ended = new Thread(() -> {
                    for (int i = 0; i < 3; i++) {
                        idle.doAppend(event(Level.INFO, "other " + i));
                    }
                });
                ended.start();
                ended.join();
                Thread waiting = new Thread(() -> {
                    idle.doAppend(event(Level.INFO, "still running"));
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                waiting.start();
                awaitWaiting(waiting);
                String before = log.text();

                idle.doAppend(event(Level.WARN, "something is wrong"));

                assertThat(before).doesNotContain("other 0").doesNotContain("still running");
                assertThat(numbers(log.text(), "other")).containsExactly(0, 1, 2);
                assertThat(log.text()).contains("INFO  test - still running").contains("WARN  test - something");
            } finally {
                done.countDown();
                idle.stop();
            }
        }
    }

    @Test
    void aLineWithoutPairs_endsWithItsMessage() {
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            LOG.warn("plain");

            assertThat(log.text()).containsPattern("WARN  test - plain\n");
        }
    }

    @Test
    void linesOfOneThread_arriveInTheOrderTheyWereLogged() {
        int count = 20_000;
        String text;
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            for (int i = 0; i < count; i++) {
                LOG.info("seq {}", i);
            }
            Logging.stop();
            text = log.text();
        }

        assertThat(numbers(text, "seq")).hasSize(count).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aStandardErrorNobodyReads_holdsTheWriterBack_onceTheQueueIsFull_andLosesNoLine() throws Exception {
        int count = 100_000; // about 5 MB of lines, past the bound
        CountDownLatch reading = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PrintStream original = System.err;
        // Before the stall: the appender this replaces writes what it holds to the real standard error
        Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
        System.setErr(new PrintStream(new StalledStream(reading, written), false, StandardCharsets.UTF_8));
        // A WARN line is written at once: from then on its thread holds the write, stuck on the reader
        Thread warner = new Thread(() -> LOG.warn("the reader stalls"), "warner");
        AtomicInteger logged = new AtomicInteger();
        Thread writer = new Thread(
                () -> {
                    for (int i = 0; i < count; i++) {
                        LOG.info("stalled {}", i);
                        logged.incrementAndGet();
                    }
                },
                "writer");
        try {
            warner.start();
            awaitWaiting(warner);
            writer.start();
            awaitWaiting(writer);
            int heldBack = logged.get();

            // Lines are 40 to 80 bytes: the writer went on past a buffer's worth while another thread wrote, and
            // stopped once the queue held its bound, with the batch that reached it (and at most one more, that a
            // sweep of the flusher's queued unfilled)
            assertThat(heldBack)
                    .isGreaterThanOrEqualTo(StderrAppender.MAX_QUEUED_BYTES / 80)
                    .isLessThanOrEqualTo((StderrAppender.MAX_QUEUED_BYTES + StderrAppender.HAND_OFF_BYTES) / 40 + 1);
        } finally {
            reading.countDown();
            warner.join();
            writer.join();
            Logging.stop();
            System.setErr(original);
        }
        String text;
        synchronized (written) {
            text = written.toString(StandardCharsets.UTF_8);
        }
        assertThat(numbers(text, "stalled"))
                .hasSize(count)
                .doesNotHaveDuplicates()
                .isSorted();
    }

    /** A line of the logger {@code switchback.test}, as Logback would hand it to an appender. */
    private static LoggingEvent event(Level level, String message) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return new LoggingEvent(
                StderrAppenderTest.class.getName(), context.getLogger("switchback.test"), level, message, null, null);
    }

    /** An appender writing as {@code logging} does, whose flusher waits an hour: what it holds stays held. */
    private static StderrAppender idleAppender(StderrAppender logging) {
        StderrAppender idle = new StderrAppender(TimeUnit.HOURS.toMillis(1));
        idle.setContext(logging.getContext());
        idle.setEncoder(logging.getEncoder());
        idle.start();
        return idle;
    }

    /** Waits until {@code thread} waits (for the stalled reader, or its turn to write); fails if it ends first. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(thread.isAlive())
                    .as("%s waits for standard error", thread.getName())
                    .isTrue();
            assertThat(System.nanoTime() - giveUp)
                    .as("%s waits within a minute", thread.getName())
                    .isNegative();
            Thread.sleep(5);
        }
    }

    /** The numbers of the lines {@code "<word> <n>"}, in the order they were written. */
    private static List<Integer> numbers(String text, String word) {
        Matcher line = Pattern.compile("INFO  test - " + word + " (\\d+)\n").matcher(text);
        List<Integer> numbers = new ArrayList<>();
        while (line.find()) {
            numbers.add(Integer.parseInt(line.group(1)));
        }
        return numbers;
    }

    /** A standard error whose reader has stopped: every write waits until {@code reading} opens. */
    private static final class StalledStream extends OutputStream {
        private final CountDownLatch reading;
        private final ByteArrayOutputStream written;

        StalledStream(CountDownLatch reading, ByteArrayOutputStream written) {
            this.reading = reading;
            this.written = written;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                reading.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (written) {
                written.write(bytes, offset, length);
            }
        }
    }
}
