package dev.switchback.cli;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the commands take from the machine they run on: the clock that dates tokens, the environment
 * variables (the {@code SWITCHBACK_*} settings, {@code XDG_CONFIG_HOME}, and {@code PATH} and the display
 * for the browser), the home directory and a way to open a browser. {@link Main#main} reads the process's;
 * tests pass their own.
 *
 * @param clock     dates token expiry
 * @param variables environment variables
 * @param userHome  the user's home directory
 * @param browser   opens a URL in the system browser
 */
record CliEnvironment(Clock clock, Map<String, String> variables, Path userHome, Browser browser) {
    /** Opens a URL for the user; false when it could not. */
    interface Browser {
        boolean open(URI uri);
    }

    /** The system clock and browser, with the given environment variables and home directory. */
    static CliEnvironment of(Map<String, String> variables, Path userHome) {
        return new CliEnvironment(Clock.systemUTC(), variables, userHome, uri -> openSystemBrowser(uri, variables));
    }

    /** {@code $XDG_CONFIG_HOME/switchback/tokens.json}, else {@code ~/.config/switchback/tokens.json}. */
    Path defaultTokenFile() {
        String xdg = variables.getOrDefault("XDG_CONFIG_HOME", "");
        // The XDG spec: a relative path is invalid and must be ignored.
        Path base = !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".config");
        return base.resolve("switchback").resolve("tokens.json");
    }

    /**
     * java.awt.Desktop when there is a display, else macOS's {@code open}, else {@code xdg-open} on the PATH
     * when there is an X or Wayland display (without one it may start a text browser on this terminal).
     */
    private static boolean openSystemBrowser(URI uri, Map<String, String> variables) {
        try {
            if (!GraphicsEnvironment.isHeadless()
                    && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(uri);
                return true;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // no desktop integration here: try a command
        }
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        String command = mac ? "open" : "xdg-open";
        boolean display = variables.containsKey("DISPLAY") || variables.containsKey("WAYLAND_DISPLAY");
        if (!(mac || display) || !onPath(command, variables.getOrDefault("PATH", ""))) {
            return false;
        }
        try {
            new ProcessBuilder(command, uri.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command, String path) {
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }

    /** Creates commands that take the environment in their constructor; picocli's default for the rest. */
    record Factory(CliEnvironment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> constructor;
            try {
                constructor = type.getDeclaredConstructor(CliEnvironment.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            return constructor.newInstance(environment);
        }
    }
}
