package dev.switchback.cli;

import dev.switchback.client.ReauthorizationRequiredException;
import dev.switchback.client.StravaException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchback token}: print a valid access token, for scripts. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Print a valid access token from the saved login, refreshing it when needed.",
            "The token is refreshed (and the rotated tokens saved) when it has under 5 minutes left. Nothing else "
                    + "goes to standard output, so that a script can run:",
            "  curl -H \"Authorization: Bearer $(switchback token)\" URL",
            "The server is contacted only to refresh: a grant revoked since is noticed at the next refresh."
        })
final class TokenCommand implements Callable<Integer> {
    @Mixin
    TokenFileOption tokenFile;

    @Spec
    CommandSpec spec;

    private final CliEnvironment environment;

    TokenCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        SavedLogin login = SavedLogin.open(tokenFile.resolve(environment), environment);
        String token;
        try {
            token = login.tokenManager().accessToken();
        } catch (ReauthorizationRequiredException e) {
            throw new IllegalStateException(
                    "the saved login is no longer valid: the server refused the refresh token "
                            + "(access was revoked, or the token was rotated elsewhere); run switchback login again",
                    e);
        } catch (StravaException e) {
            throw new IllegalStateException("cannot refresh the access token: " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
