package dev.switchback.cli;

import dev.switchback.Switchback;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Runs {@code switchback} in-process, as a user would type it, against one SQLite file. */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server commands never look in the home directory; a path that is not there shows it. */
    private static final Path NO_HOME = Path.of("target", "no-home");

    private final Path database;

    Cli(Path database) {
        this.database = database;
    }

    Path database() {
        return database;
    }

    /** The command with {@code --database-url} pointing at this test's file. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--database-url");
        all.add(database.toString());
        return execute(all.toArray(String[]::new));
    }

    /** The command with {@code input} on standard input. */
    Result runWithStdin(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    /** Exactly these arguments, in an environment without variables. */
    static Result execute(String... args) {
        return executeIn(Map.of(), args);
    }

    /** Exactly these arguments, with {@code variables} as the environment the command was given. */
    static Result executeIn(Map<String, String> variables, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(CliEnvironment.of(variables, NO_HOME), args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Opens the same database the commands used, for checks behind the CLI's back. */
    <T> T withSwitchback(Function<Switchback, T> check) {
        try (Switchback switchback = Switchback.open(
                dev.switchback.store.DatabaseUrl.parse(database.toString()),
                1,
                Switchback.Options.defaults(),
                Clock.systemUTC())) {
            return check.apply(switchback);
        }
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (JacksonException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }
}
