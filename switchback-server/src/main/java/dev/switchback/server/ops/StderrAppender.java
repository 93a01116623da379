package dev.switchback.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.util.CachingDateFormatter;
import dev.switchback.telemetry.ThreadBatches;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Standard error behind a buffer (contract#logs). A thread encodes its line and keeps it in a batch of its own
 * ({@link ThreadBatches}); a batch goes to the queue when it holds {@link #HAND_OFF_BYTES}, and the queue goes to
 * standard error when it holds {@link #FLUSH_BYTES}, every {@link #FLUSH_MILLIS} ms, at once for a WARN or ERROR line,
 * and when logging stops; those three first hand over every thread's batch. So a busy server makes one write a
 * buffer, not one a line, no thread is woken for a line, and a request writes nothing another core wrote last but
 * once a batch: the shared queue and its byte count, touched by every request, cost about 0.4 µs a bearer request in
 * a profile (docs/performance.md#bench-ops). An access line a request cost 16% of the bearer path's throughput written
 * one by one through Logback's AsyncAppender (bench/run.sh compare, GET /api/v3/athlete: 25,218/s against 29,875/s
 * without it). The access line is not encoded by its request: {@link AccessLog} hands over its fields ({@link
 * #defer}), and the thread that writes the queue makes the line there, a batch of lines at a time (see {@link
 * AccessLog}): in text format straight in the text pattern ({@link #writeDeferredAsText}), in JSON as Logback's event,
 * encoded. Adding takes no lock another thread holds but for a moment: with a lock shared by the request threads
 * (Logback's own, around each copy into the buffer), request threads on two busy cores queued behind a holder the
 * scheduler had paused: a wall-clock profile of the bearer peak found them parked there for a seventh of their time.
 * The thread whose batch fills the queue writes it (one buffer's worth, so no request writes the backlog of others),
 * while the others go on adding; past {@link #MAX_QUEUED_BYTES} (standard error's reader has stopped reading) every
 * writer waits its turn at its next batch, so memory stays bounded. A queued access line counts for what it will about
 * take encoded ({@link Deferred#bytes}). One thread's lines keep the order it logged them in; lines of different
 * threads come in the order their batches were handed over, each with its own time; a line is never split. A process
 * killed with SIGKILL loses what is held and queued: with standard error read, the last {@link #FLUSH_MILLIS} ms of
 * lines.
 */
final class StderrAppender extends OutputStreamAppender<ILoggingEvent> {
    static final long FLUSH_MILLIS = 100;
    static final int FLUSH_BYTES = 64 * 1024;
    static final int MAX_QUEUED_BYTES = 16 * FLUSH_BYTES;
    /**
     * What a thread's batch holds before it is queued: about 20 access lines as text, 11 as JSON. Every thread may hold
     * about this much beyond {@link #MAX_QUEUED_BYTES} (Jetty's 200 threads at most: about 800 KiB).
     */
    static final int HAND_OFF_BYTES = 4 * 1024;

    /**
     * Batches of encoded lines ({@code byte[]}) and lines to encode when written ({@link Deferred}), in the order
     * handed over.
     */
    private final Queue<Queued> lines = new ConcurrentLinkedQueue<>();

    /** Each thread's lines not yet queued. */
    private final ThreadBatches<Object> held = new ThreadBatches<>(HAND_OFF_BYTES, this::handOff);

    private final AtomicLong queuedBytes = new AtomicLong();
    /** Held by the one thread writing the queue to standard error. */
    private final ReentrantLock writing = new ReentrantLock();
    /** How often the flusher writes the queue: {@link #FLUSH_MILLIS}, longer in a test that looks at the queue. */
    private final long flushMillis;

    private ScheduledExecutorService flusher;

    /**
     * Set by {@link Logging} in text format ({@link #writeDeferredAsText}): how a deferred line that has a text form
     * is written without its event; null, every deferred line is made into its event and encoded.
     */
    private volatile TextLines text;

    StderrAppender() {
        this(FLUSH_MILLIS);
    }

    StderrAppender(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void start() {
        setOutputStream(new Buffer());
        setImmediateFlush(false);
        super.start();
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchback-log-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushOnSchedule, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            flush();
        }
    }

    /** Encodes the line on the caller's thread and queues it; writes the queue when it is full (see above). */
    @Override
    protected void writeOut(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        queue(line, line.length);
    }

    /**
     * Queues a line that is made, as text or as a Logback event encoded, only when the queue is written: the access line,
     * whose fields a request hands over (contract#logs). Returns false, queuing nothing, once this appender has
     * stopped: the caller then logs the line as any other. (A line queued while it stops, after its last write,
     * is lost, as one that reaches a Logback appender then is; the server stops before its logging does.)
     */
    boolean defer(Deferred line) {
        if (!isStarted()) {
            return false;
        }
        queue(line, line.bytes());
        return true;
    }

    private void queue(Object line, int bytes) {
        ThreadBatches.Added added = held.add(line, bytes);
        if (added == ThreadBatches.Added.KEPT) {
            return;
        }
        if (added == ThreadBatches.Added.CLOSED) { // a line logged while logging stops: written at once, if it can be
            if (!isStarted()) {
                return; // stopped: lost, as a line reaching a stopped Logback appender is
            }
            handOff(List.of(line), bytes);
            flush();
            return;
        }
        long queued = queuedBytes.get();
        if (queued < FLUSH_BYTES) {
            return;
        }
        if (queued >= MAX_QUEUED_BYTES) {
            writing.lock();
        } else if (!writing.tryLock()) {
            return; // another thread is writing, and will take this line too or leave it for the next write
        }
        try {
            drain(FLUSH_BYTES);
        } finally {
            writing.unlock();
        }
    }

    /**
     * A thread's batch, into the queue, under the batch's lock (ThreadBatches). Counted before it is queued: the count
     * never reads less than the queue holds, so a flush's budget reaches every line queued before it.
     */
    private void handOff(List<Object> batch, long bytes) {
        queuedBytes.addAndGet(bytes);
        lines.add(new Queued(batch, bytes));
    }

    /**
     * Has deferred lines written as Logging's text pattern writes them ({@code %d{datePattern} %-5level %logger{0} -
     * %msg%pairs%n}), character for character, without Logback's event and layout: each line is made in one reused
     * builder, where the layout made a 256-character builder, the event, the message and the line as Strings of their
     * own, every line; a text line in its batch cost about 40% less (AccessLogBenchmark, 650-687 ns before, 400-425
     * after). Call before {@link #start}; the encoder stays for every other line.
     */
    void writeDeferredAsText(String datePattern) {
        text = new TextLines(datePattern);
    }

    /** Stops the flusher, then writes what is queued (the stream's close writes and keeps standard error open). */
    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdown(); // no interrupt: a flush under way finishes its write, and the lock below waits for it
        }
        held.close();
        writing.lock();
        try {
            drain(Long.MAX_VALUE);
        } finally {
            writing.unlock();
        }
        super.stop();
    }

    /**
     * What the threads hold and the queue counts now: their encoded lines' bytes and their deferred lines' {@link
     * Deferred#bytes}.
     */
    long queuedBytes() {
        return held.held() + queuedBytes.get();
    }

    /** The flusher's turn: a failure is reported, and never ends the schedule (a thrown one would). */
    private void flushOnSchedule() {
        try {
            flush();
        } catch (Throwable e) {
            addError("could not write the log to standard error", e);
        }
    }

    /** Writes every line logged before it: every thread's batch is queued first. */
    private void flush() {
        held.sweep();
        writing.lock();
        try {
            drain(queuedBytes.get());
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes queued batches, in order, until {@code bytes} are written or none is left, then flushes; the caller
     * holds {@link #writing}. A request thread writes one buffer's worth, the flusher and a WARN line what was
     * queued when they came, not the lines that keep coming; stopping writes everything.
     */
    private void drain(long bytes) {
        OutputStream out = getOutputStream();
        if (out == null) {
            return; // stopped: a line that came while it stopped is lost, as one reaching a stopped appender is
        }
        try {
            long left = bytes;
            Queued batch;
            while (left > 0 && (batch = lines.poll()) != null) {
                queuedBytes.addAndGet(-batch.bytes());
                left -= batch.bytes();
                for (Object queued : batch.lines()) {
                    if (queued instanceof byte[] encoded) {
                        out.write(encoded);
                    } else {
                        write((Deferred) queued, out);
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            addError("could not write the log to standard error", e);
        }
    }

    /** One thread's batch of lines, in the order it logged them, and what they count for. */
    private record Queued(List<Object> lines, long bytes) {}

    /** A deferred line: in its text form when it has one and {@link #text} is set, else made into its event. */
    private void write(Deferred line, OutputStream out) throws IOException {
        TextLines lines = text;
        if (lines != null) {
            byte[] encoded;
            try {
                encoded = lines.encode(line);
            } catch (RuntimeException e) {
                addError("could not encode a deferred line", e);
                return;
            }
            if (encoded != null) {
                out.write(encoded);
                return;
            }
        }
        byte[] encoded = encode(line);
        if (encoded != null) {
            out.write(encoded);
        }
    }

    private byte[] encode(Deferred line) {
        try {
            return encoder.encode(line.event((LoggerContext) getContext()));
        } catch (RuntimeException e) {
            addError("could not encode a deferred line", e);
            return null;
        }
    }

    /** A line queued as what makes its event, made when the queue is written (see {@link #defer}). */
    interface Deferred {
        /** The line's event, with the time and thread of the moment it was queued. */
        ILoggingEvent event(LoggerContext context);

        /** About how long the line is once encoded: what it counts for against the queue's bounds. */
        int bytes();

        /**
         * The line in the text pattern: the head ({@link TextLines#head}, with the line's time, level and logger)
         * then what {@code %msg%pairs} makes of its event, appended to {@code line}, and true; or false (the
         * default), appending nothing, for a line that is to be made into its event and encoded.
         */
        default boolean appendText(StringBuilder line, TextLines lines) {
            return false;
        }
    }

    /**
     * Writes deferred lines in Logging's text pattern (see {@link #writeDeferredAsText}), one at a time, reusing one
     * builder: only the thread holding {@link #writing} uses it. The time is Logback's own
     * {@link CachingDateFormatter}, the one {@code %d} uses (the default zone and locale), made once a second: the
     * formatter keeps only the last millisecond it formatted, and at a busy server's peak nearly every line has a
     * millisecond of its own, which the JDK's formatter made anew (a time zone's rules looked up, some ten objects)
     * for each. The milliseconds are written into the second's text where the pattern puts them.
     */
    static final class TextLines {
        private final CachingDateFormatter dates;
        private final StringBuilder line = new StringBuilder(256);
        /** The second {@link #secondText} is of, as epoch milliseconds at its start. */
        private long second = Long.MIN_VALUE;
        /** That second's time, formatted with its milliseconds 000. */
        private String secondText = "";
        /** Where in {@link #secondText} the three digits of the milliseconds are: -1, the pattern has none such. */
        private int millisAt = -1;

        TextLines(String datePattern) {
            dates = new CachingDateFormatter(datePattern);
        }

        /** The time as {@code %d} writes it: the second's text, with the milliseconds in their place. */
        private void appendTime(StringBuilder into, long epochMillis) {
            long start = Math.floorDiv(epochMillis, 1000) * 1000;
            if (start != second) {
                newSecond(start);
            }
            if (millisAt < 0) {
                into.append(dates.format(epochMillis));
                return;
            }
            int millis = (int) (epochMillis - start);
            into.append(secondText, 0, millisAt)
                    .append((char) ('0' + millis / 100))
                    .append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10))
                    .append(secondText, millisAt + 3, secondText.length());
        }

        /**
         * Formats the second that starts at {@code start}, and finds its milliseconds: the three characters in which
         * it differs from its last millisecond formatted, when those read 000 and 999 and nothing else differs. A
         * pattern whose milliseconds are not three digits leaves every line formatted on its own.
         */
        private void newSecond(long start) {
            String first = dates.format(start);
            String last = dates.format(start + 999);
            second = start;
            secondText = first;
            millisAt = -1;
            int at = first.indexOf("000");
            while (at >= 0) {
                if (first.length() == last.length()
                        && last.startsWith("999", at)
                        && first.regionMatches(0, last, 0, at)
                        && first.regionMatches(at + 3, last, at + 3, first.length() - at - 3)) {
                    millisAt = at;
                    return;
                }
                at = first.indexOf("000", at + 1);
            }
        }

        /**
         * Appends {@code %d %-5level %logger{0} - } of a line at {@code epochMillis} of {@code level} on {@code
         * logger}: the time, the level padded to five, the logger's name after its last dot.
         */
        void head(StringBuilder into, long epochMillis, Level level, String logger) {
            appendTime(into, epochMillis);
            into.append(' ').append(level.levelStr);
            for (int pad = level.levelStr.length(); pad < 5; pad++) {
                into.append(' ');
            }
            into.append(' ')
                    .append(logger, logger.lastIndexOf('.') + 1, logger.length())
                    .append(" - ");
        }

        /**
         * The line's bytes (UTF-8), or null when it has no text form. As a String, whose encoding of ASCII (an access
         * line) is a copy the JIT does in wide steps: copying it a character a byte out of the builder cost twice
         * what the layout did (AccessLogBenchmark).
         */
        byte[] encode(Deferred deferred) {
            line.setLength(0);
            if (!deferred.appendText(line, this)) {
                return null;
            }
            return line.append(CoreConstants.LINE_SEPARATOR).toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The buffer, over whatever {@code System.err} is when it is written (a test may have replaced it); only the
     * thread holding {@link #writing} writes to it, and a write that does not fit sends the buffer first.
     */
    private static final class Buffer extends BufferedOutputStream {
        Buffer() {
            super(new CurrentStderr(), FLUSH_BYTES);
        }

        /** Writes what is left and leaves standard error open: the process may still have something to say. */
        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class CurrentStderr extends OutputStream {
        @Override
        public void write(int b) {
            System.err.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.err.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.err.flush();
        }
    }
}
