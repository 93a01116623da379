package dev.switchback.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --token-file}: where {@code login} saves the tokens and {@code token} and {@code logout} find them. */
final class TokenFileOption {
    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "The token file. Default: $XDG_CONFIG_HOME/switchback/tokens.json, else ~/.config/switchback/tokens.json.")
    Path file;

    Path resolve(CliEnvironment environment) {
        return file != null ? file : environment.defaultTokenFile();
    }
}
