package dev.switchback.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import java.util.function.BooleanSupplier;

/**
 * Logback for the CLI, configured by {@link CliLogging} straight away. {@link Main#main} names it to SLF4J
 * ({@code slf4j.provider}), so SLF4J does not search the class path for providers, and Logback's own start-up
 * (its version checks, its search for configurators and files, its note of how long that took) is skipped:
 * about 15 ms of every start of {@code serve} on the benchmark's machine
 * (docs/performance.md#bench-history-startup). A {@code logback.configurationFile}, a {@code logback-test.xml} or a
 * {@code logback.statusListenerClass} still goes through Logback's own start-up, and wins.
 */
public final class CliLogProvider extends LogbackServiceProvider {
    private final BooleanSupplier configuredElsewhere;

    /** As SLF4J makes it. */
    public CliLogProvider() {
        this(CliLogging::configuredElsewhere);
    }

    /** With {@code configuredElsewhere} deciding whether a configuration file takes over. */
    CliLogProvider(BooleanSupplier configuredElsewhere) {
        this.configuredElsewhere = configuredElsewhere;
    }

    @Override
    public void initialize() {
        if (configuredElsewhere.getAsBoolean()) {
            super.initialize();
            return;
        }
        LoggerContext context = (LoggerContext) getLoggerFactory();
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(getMDCAdapter());
        CliLogging configuration = new CliLogging(() -> false);
        configuration.setContext(context);
        configuration.configure(context);
        context.start();
        // what went wrong, on standard error, as Logback's own start-up says it
        if (new StatusUtil(context).getHighestLevel(0) >= Status.WARN) {
            new StatusPrinter2().print(context);
        }
    }
}
