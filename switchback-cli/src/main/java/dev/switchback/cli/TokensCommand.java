package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.fault.FaultException;
import dev.switchback.server.emulator.EmulatorTokens;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchback tokens}: tokens for test rigs, without a browser (contract#emulator-tokens). */
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        description = "Issue tokens without a browser, for test rigs.",
        subcommands = {TokensCommand.Issue.class})
final class TokensCommand extends GroupCommand {

    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            description = "Record a grant as consent would and print what the code exchange answers.")
    static final class Issue extends DatabaseCommand {
        @Option(names = "--athlete", required = true, paramLabel = "USERNAME|ID", description = "The athlete.")
        String athlete;

        @Option(names = "--client-id", required = true, paramLabel = "ID", description = "The app's client id.")
        String clientId;

        @Option(
                names = "--scope",
                paramLabel = "SCOPES",
                description = "Comma-separated scopes, as /oauth/authorize takes them. Default: read.")
        String scope;

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "The access token's lifetime, at most 6h (e.g. 60s). Default: 6h.")
        Duration expiresIn;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                Map<String, Object> body = new EmulatorTokens(switchback)
                        .issue(new EmulatorTokens.Request(
                                athlete, clientId, Optional.ofNullable(scope), Optional.ofNullable(expiresIn)));
                print(out(), body);
            } catch (FaultException e) {
                throw new IllegalArgumentException(refusal(e));
            }
        }

        private void print(PrintWriter out, Map<String, Object> body) {
            if (json) {
                Output.json(out, body);
                return;
            }
            out.printf("access_token   %s%n", body.get("access_token"));
            out.printf("refresh_token  %s%n", body.get("refresh_token"));
            out.printf(
                    "expires_at     %s (in %s s)%n",
                    Instant.ofEpochSecond((Long) body.get("expires_at")), body.get("expires_in"));
            out.flush();
        }

        private String refusal(FaultException e) {
            String field = e.errors().get(0).field();
            if (e.status() == 404) {
                return "no " + (field.equals("athlete") ? "athlete " + athlete : "app with client id " + clientId);
            }
            if (e.status() == 403) {
                return "app " + clientId + " has reached its athlete capacity";
            }
            return e.description() != null ? e.description() : field + " is not valid";
        }
    }
}
