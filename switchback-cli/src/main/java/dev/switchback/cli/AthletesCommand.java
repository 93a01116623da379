package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchback athletes}: athlete accounts. */
@Command(
        name = "athletes",
        mixinStandardHelpOptions = true,
        description = "Manage athlete accounts.",
        subcommands = {
            AthletesCommand.Create.class,
            AthletesCommand.ListAthletes.class,
            AthletesCommand.SetPassword.class
        })
final class AthletesCommand extends GroupCommand {

    static Map<String, Object> json(Athlete athlete) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", athlete.id().value());
        json.put("username", athlete.username());
        json.put("firstname", athlete.firstname());
        json.put("lastname", athlete.lastname());
        json.put("created_at", DateTimeFormatter.ISO_INSTANT.format(athlete.createdAt()));
        return json;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an athlete who can log in and authorize apps.")
    static final class Create extends DatabaseCommand {
        @Option(
                names = "--username",
                required = true,
                paramLabel = "U",
                description = "Login name: 2 to 64 of a-z, 0-9, '_', '.', '-'.")
        String username;

        @Option(names = "--firstname", required = true, paramLabel = "F")
        String firstname;

        @Option(names = "--lastname", required = true, paramLabel = "L")
        String lastname;

        @ArgGroup(exclusive = true, multiplicity = "1")
        PasswordSource password;

        static final class PasswordSource {
            @Option(
                    names = "--password-stdin",
                    description = "Read the password from the first line of standard input.")
            boolean stdin;

            @Option(
                    names = "--password",
                    paramLabel = "P",
                    description = "The password (visible to other users of this machine; prefer --password-stdin).")
            String value;
        }

        @Override
        public void run() {
            char[] secret = password.stdin ? readStdin() : password.value.toCharArray();
            try (Switchback switchback = open()) {
                Athlete athlete = switchback.athletes().create(new NewAthlete(username, firstname, lastname, secret));
                PrintWriter out = out();
                if (json) {
                    Output.json(out, json(athlete));
                } else {
                    out.printf(
                            "Created athlete %d (%s %s), username %s.%n",
                            athlete.id().value(), athlete.firstname(), athlete.lastname(), athlete.username());
                    out.flush();
                }
            }
        }

        static char[] readStdin() {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException("--password-stdin: standard input is empty");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("--password-stdin: cannot read standard input: " + e.getMessage());
            }
        }
    }

    @Command(
            name = "set-password",
            mixinStandardHelpOptions = true,
            description = "Set an athlete's password (at least 8 characters); open sessions stay open.")
    static final class SetPassword extends DatabaseCommand {
        @Parameters(paramLabel = "USERNAME", description = "The athlete's username.")
        String username;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Create.PasswordSource password;

        @Override
        public void run() {
            char[] secret = password.stdin ? Create.readStdin() : password.value.toCharArray();
            try (Switchback switchback = open()) {
                switchback.athletes().setPassword(username, secret);
                out().printf("Set the password of %s.%n", username);
                out().flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List athletes.")
    static final class ListAthletes extends DatabaseCommand {
        @Override
        public void run() {
            try (Switchback switchback = open()) {
                List<Athlete> athletes = switchback.athletes().list();
                PrintWriter out = out();
                if (json) {
                    Output.json(
                            out,
                            Map.of(
                                    "athletes",
                                    athletes.stream().map(AthletesCommand::json).toList()));
                    return;
                }
                Output.table(
                        out,
                        List.of("ID", "USERNAME", "NAME"),
                        athletes.stream()
                                .map(a -> List.of(a.id().toString(), a.username(), a.firstname() + " " + a.lastname()))
                                .toList());
            }
        }
    }
}
