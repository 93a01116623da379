package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.switchback.testing.UnitTest;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

@UnitTest
class CliLoggingTest {
    @Test
    void logbackFindsTheConfiguratorAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(CliLogging.class);
    }

    @Test
    void withoutAConfigurationFile_infoGoesToStandardError_andTheLibrariesSpeakFromWarn() {
        LoggerContext context = new LoggerContext();

        Configurator.ExecutionStatus status = new CliLogging(() -> false).configure(context);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        Appender<ILoggingEvent> appender = root.getAppender("err");
        assertThat(appender).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<ILoggingEvent>) appender).getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
        for (String library : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb"}) {
            assertThat(context.getLogger(library).getLevel()).as(library).isEqualTo(Level.WARN);
        }
    }

    @Test
    void withAConfigurationFile_leavesTheConfigurationToIt() {
        LoggerContext context = new LoggerContext();

        assertThat(new CliLogging().configure(context)) // this module's tests have a logback-test.xml
                .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("err"))
                .isNull();
    }

    @Test
    void theProviderMainNamesToSlf4j_withoutAConfigurationFile_startsLogbackAsCliLoggingConfiguresIt() {
        CliLogProvider provider = new CliLogProvider(() -> false);

        provider.initialize();

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        try {
            assertThat(context.isStarted()).isTrue();
            assertThat(context.getName()).isEqualTo("default");
            assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getLevel()).isEqualTo(Level.INFO);
            assertThat(root.getAppender("err")).isInstanceOf(ConsoleAppender.class);
            assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        } finally {
            context.stop();
        }
    }

    @Test
    void theProviderMainNamesToSlf4j_withAConfigurationFile_leavesTheConfigurationToLogback() {
        CliLogProvider provider = new CliLogProvider(); // this module's tests have a logback-test.xml

        provider.initialize();

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        try {
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getLevel()).isEqualTo(Level.WARN); // logback-test.xml's, where CliLogging says INFO
            assertThat(root.getAppender("err")).isInstanceOf(ConsoleAppender.class);
        } finally {
            context.stop();
        }
    }
}
