package dev.switchback.cli;

import dev.switchback.client.ReauthorizationRequiredException;
import dev.switchback.client.StravaException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchback logout}: revoke the saved grant on the server, then delete the token file. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = {
            "Deauthorize the saved login on the server and delete the token file.",
            "Every access and refresh token of the grant stops working.",
            "If the server cannot be reached, the file is kept so that you can try again."
        })
final class LogoutCommand implements Callable<Integer> {
    @Mixin
    TokenFileOption tokenFile;

    @Spec
    CommandSpec spec;

    private final CliEnvironment environment;

    LogoutCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Path file = tokenFile.resolve(environment);
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(file)) {
            out.println("Not logged in (no token file at " + file + ").");
            out.flush();
            return 0;
        }
        SavedLogin login = SavedLogin.open(file, environment);
        boolean revokedHere = deauthorize(login);
        login.store().delete();
        out.println(
                revokedHere
                        ? "Logged out: the app is deauthorized and " + file + " is deleted."
                        : "The authorization was already revoked on the server; deleted " + file + ".");
        out.flush();
        return 0;
    }

    /** True when this call revoked the grant; false when it was already gone. */
    private static boolean deauthorize(SavedLogin login) {
        try {
            login.client().deauthorize(login.tokenManager().accessToken());
            return true;
        } catch (ReauthorizationRequiredException e) {
            return false;
        } catch (StravaException e) {
            if (e.isAccessTokenInvalid()) {
                return false;
            }
            throw new IllegalStateException(
                    "cannot deauthorize: " + e.getMessage() + "; the tokens are kept in "
                            + login.store().file() + " so that you can try again",
                    e);
        }
    }
}
