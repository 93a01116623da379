package dev.switchback.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.switchback.server.testing.LogCapture;
import dev.switchback.testing.UnitTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging's buffered standard error (contract#logs): lines from many threads arrive whole and once each, a WARN
 * line is written before the call that logs it returns, and stopping writes what is still buffered.
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
    void aLineWithoutPairs_endsWithItsMessage() {
        try (LogCapture log = LogCapture.start()) {
            Logging.apply(new Logging.Settings(Logging.Format.TEXT, Level.INFO));
            LOG.warn("plain");

            assertThat(log.text()).containsPattern("WARN  test - plain\n");
        }
    }
}
