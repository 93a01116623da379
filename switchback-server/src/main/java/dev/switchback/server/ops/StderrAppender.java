package dev.switchback.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard error behind a buffer (contract#logs). A request thread encodes its line and copies it into the buffer;
 * the buffer goes to standard error when it is full, every {@link #FLUSH_MILLIS} ms, at once for a WARN or ERROR
 * line, and when logging stops. So a busy server makes one write a buffer, not one a line, and no thread is woken
 * for a line: an access line a request cost 16% of the bearer path's throughput written one by one through
 * Logback's AsyncAppender (bench/run.sh compare, GET /api/v3/athlete: 25,218/s against 29,875/s without it).
 * A process killed with SIGKILL loses at most the last {@link #FLUSH_MILLIS} ms of lines.
 */
final class StderrAppender extends OutputStreamAppender<ILoggingEvent> {
    static final long FLUSH_MILLIS = 100;
    private static final int BUFFER_BYTES = 64 * 1024;

    private ScheduledExecutorService flusher;

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
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            flush();
        }
    }

    /** Stops the flusher, then writes what is buffered (the stream's close writes and keeps standard error open). */
    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        super.stop();
    }

    private void flush() {
        try {
            getOutputStream().flush();
        } catch (IOException e) {
            addError("could not write the log to standard error", e);
        }
    }

    /**
     * The buffer, over whatever {@code System.err} is when it is written (a test may have replaced it). Its
     * methods are synchronized, so the flusher and the request threads share it safely; a line is never split,
     * since a write that does not fit sends the buffer first.
     */
    private static final class Buffer extends BufferedOutputStream {
        Buffer() {
            super(new CurrentStderr(), BUFFER_BYTES);
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
