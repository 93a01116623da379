package dev.switchback.cli;

import java.util.Locale;
import javax.crypto.Cipher;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The slow first steps of the libraries {@code serve} opens, taken on a thread of their own while the main
 * thread reads the command line and the settings (about 150 ms, most of it picocli's), as Spring Boot's
 * {@code BackgroundPreinitializer} does: the SQLite driver's native library and its date formats, a Jackson
 * mapper, and Jetty's table of media types, which asks the JDK for every locale it has. The main thread then finds
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

    private static void run() {
        try {
            Locale.getAvailableLocales();
            SQLiteJDBCLoader.initialize();
            new SQLiteConfig();
            JsonMapper.builder().build().writeValueAsString(java.util.Map.of("warm", 1));
            Class.forName("org.eclipse.jetty.http.MimeTypes", true, ServePreload.class.getClassLoader());
            Cipher.getInstance("AES/GCM/NoPadding");
        } catch (Exception | LinkageError e) {
            // the server meets it again as it starts, and says so
        }
    }
}
