package dev.switchback.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's logging, from {@code log.level} and {@code log.format} (contract#logs): Logback, every line to
 * standard error through a buffer ({@link StderrAppender}), as text or as one JSON object a line. The libraries (Jetty, Javalin, HikariCP, Flyway) speak
 * from WARN unless the level asked for is finer than INFO. Applied by {@code switchback serve}; a server embedded
 * in another program leaves that program's logging alone.
 */
public final class Logging {
    /** The loggers of the libraries, quiet at INFO. */
    private static final List<String> LIBRARIES =
            List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb");

    /** The time of a text line. */
    static final String DATE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    /** A text line; {@link StderrAppender.TextLines} writes a queued access line the same way. */
    static final String TEXT_PATTERN = "%d{" + DATE_PATTERN + "} %-5level %logger{0} - %msg%pairs%n";

    private Logging() {}

    /** How lines are written. */
    public enum Format {
        TEXT,
        JSON
    }

    /** {@code log.format} and {@code log.level}. */
    public record Settings(Format format, Level level) {
        public static final Settings DEFAULT = new Settings(Format.TEXT, Level.INFO);
    }

    /** Replaces whatever logging was configured with {@code settings}. */
    public static void apply(Settings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend: its own configuration applies
        }
        AccessLog.fieldsAsPairs(true); // right for any appender, until the one below is attached
        AccessLog.deferTo(null);
        context.reset();
        StderrAppender appender = new StderrAppender();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setEncoder(encoder(context, settings.format()));
        if (settings.format() == Format.TEXT) {
            appender.writeDeferredAsText(DATE_PATTERN);
        }
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(settings.level());
        root.addAppender(appender);
        AccessLog.fieldsAsPairs(settings.format() == Format.JSON);
        AccessLog.deferTo(appender);
        Level libraries = settings.level().isGreaterOrEqual(Level.INFO) ? Level.WARN : settings.level();
        for (String library : LIBRARIES) {
            context.getLogger(library).setLevel(settings.level().isGreaterOrEqual(Level.WARN) ? null : libraries);
        }
    }

    /** Writes every line still buffered, then stops logging: the last thing a stopping process does. */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            AccessLog.deferTo(null);
            // The appenders first: a context stops once, and ignores stop() after that, while apply() may have given
            // it a new appender since (the tests apply and stop in turn)
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders();
            context.stop();
            AccessLog.fieldsAsPairs(true); // whatever configures logging next may want the pairs
        }
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.setWithMDC(false);
            json.start();
            return json;
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("pairs", KeyValues::new);
        layout.setPattern(TEXT_PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setContext(context);
        text.setLayout(layout);
        text.setCharset(StandardCharsets.UTF_8);
        text.start();
        return text;
    }
}
