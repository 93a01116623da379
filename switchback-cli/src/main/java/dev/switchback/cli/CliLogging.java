package dev.switchback.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * What the CLI logs before {@code serve} applies {@code log.level} and {@code log.format}
 * ({@link dev.switchback.server.ops.Logging}): INFO and above to standard error, the libraries' own chatter from
 * WARN. Called by {@link CliLogProvider} when the CLI starts from {@link Main#main}, and otherwise found by
 * Logback through {@code META-INF/services}; in code rather than a {@code logback.xml}: reading that file loaded
 * an XML parser and about 500 classes at every start, a tenth of the time to the first token
 * (docs/performance.md#bench-history). A {@code logback-test.xml} on the class path, a
 * {@code -Dlogback.configurationFile} or a {@code -Dlogback.statusListenerClass} still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class CliLogging extends ContextAwareBase implements Configurator {
    private static final List<String> LIBRARIES =
            List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb");

    private final BooleanSupplier configuredElsewhere;

    /** As Logback's service loader makes it. */
    public CliLogging() {
        this(CliLogging::configuredElsewhere);
    }

    /**
     * Whether Logback's own start-up takes over: a {@code logback.configurationFile}, a {@code logback-test.xml}, or
     * a {@code logback.statusListenerClass} (which that start-up installs).
     */
    static boolean configuredElsewhere() {
        return System.getProperty("logback.configurationFile") != null
                || System.getProperty("logback.statusListenerClass") != null
                || CliLogging.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    /** With {@code configuredElsewhere} deciding whether a configuration file takes over. */
    CliLogging(BooleanSupplier configuredElsewhere) {
        this.configuredElsewhere = configuredElsewhere;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configuredElsewhere.getAsBoolean()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("err");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        for (String library : LIBRARIES) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
