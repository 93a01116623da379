package dev.switchback.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.crypto.Cipher;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The slow first steps of the libraries {@code serve} opens, taken on a thread of their own while the main
 * thread reads the command line and the settings (about 150 ms, most of it picocli's), as Spring Boot's
 * {@code BackgroundPreinitializer} does: the SQLite driver's native library and its date formats, a Jackson
 * mapper, HikariCP's proxy of a closed connection, Jetty's table of media types, which asks the JDK for every
 * locale it has, and the JDK's names of months, which Javalin formats as it starts. The main thread then finds
 * those classes ready, or waits for the one being readied; nothing here is kept, and a failure here is left for
 * the main thread to meet and report. Last, the JDK's AES-GCM cipher, whose providers the first token request
 * would otherwise load (about 20 ms on that request's thread). Only library and JDK classes, in the order the
 * server takes them, so the two threads never wait on each other's half-initialised classes
 * (docs/performance.md#bench-history-startup).
 * SLF4J, which the SQLite driver logs through, must be bound before this starts ({@link Main#main} does it): a
 * thread that asks for it while another binds it gets a stand-in, and {@code serve}'s logging would not apply.
 */
final class ServePreload {
    private ServePreload() {}

    static void start() {
        Thread thread = new Thread(ServePreload::run, "switchback-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /** HikariCP's stand-in for a closed connection: a dynamic proxy, made as the first connection closes. */
    static final String HIKARI_CLOSED_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection";

    /** Each step on its own: one that fails (a library renamed a class, say) leaves the others to run. */
    private static void run() {
        step(Locale::getAvailableLocales);
        step(SQLiteJDBCLoader::initialize);
        step(SQLiteConfig::new);
        step(() -> JsonMapper.builder().build().writeValueAsString(java.util.Map.of("warm", 1)));
        step(() -> Class.forName(HIKARI_CLOSED_CONNECTION, true, ServePreload.class.getClassLoader()));
        step(() -> Class.forName("org.eclipse.jetty.http.MimeTypes", true, ServePreload.class.getClassLoader()));
        // the month's name in the line Javalin makes as it starts (written or not, by the level): the JDK's text
        step(() -> DateTimeFormatter.ofPattern("MMMM d, yyyy")
                .withLocale(Locale.US)
                .withZone(ZoneOffset.UTC)
                .format(Instant.EPOCH));
        step(() -> Cipher.getInstance("AES/GCM/NoPadding"));
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static void step(Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            // the server meets it again as it starts, and says so
        }
    }
}
