package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.oauth.Introspection;
import dev.switchback.oauth.TokenQuery;
import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code switchback resource-servers ...} in-process, each test on a fresh SQLite file (contract#introspection). */
@UnitTest
class ResourceServersCommandTest {
    @TempDir
    Path directory;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(directory.resolve("switchback.db"));
    }

    @Test
    void create_printsAnRsIdAndASecretOnce_storesOnlyItsDigest_andTheSecretAuthenticates() throws IOException {
        Cli.Result result = cli.run("resource-servers", "create", "--name", "Orders API", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode created = result.json();
        String clientId = created.get("client_id").asString();
        String secret = created.get("client_secret").asString();
        assertThat(clientId).startsWith("rs-");
        assertThat(created.get("name").asString()).isEqualTo("Orders API");
        assertThat(databaseBytes()).doesNotContain(secret);
        Optional<Introspection> answer = cli.withSwitchback(switchback ->
                switchback.introspection().introspect(new TokenQuery(clientId, Optional.of(secret), "0".repeat(40))));
        assertThat(answer)
                .as("the secret authenticates; the unknown token is inactive")
                .isEmpty();
        Cli.Result list = cli.run("resource-servers", "list");
        assertThat(list.out()).contains(clientId).contains("Orders API").doesNotContain(secret);
    }

    @Test
    void create_withoutAName_failsWithAMessage_andDelete_ofAnUnknownId_names_it() {
        Cli.Result blank = cli.run("resource-servers", "create", "--name", " ");
        Cli.Result unknown = cli.run("resource-servers", "delete", "rs-42");
        Cli.Result malformed = cli.run("resource-servers", "delete", "42");

        assertThat(blank.exitCode()).isNotZero();
        assertThat(blank.err()).contains("name");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("rs-42");
        assertThat(malformed.exitCode()).isNotZero();
        assertThat(malformed.err()).contains("rs-");
    }

    @Test
    void delete_removesIt() {
        String clientId = cli.run("resource-servers", "create", "--name", "Orders API", "--json")
                .json()
                .get("client_id")
                .asString();

        Cli.Result deleted = cli.run("resource-servers", "delete", clientId);

        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(cli.run("resource-servers", "list").out()).doesNotContain(clientId);
    }

    private String databaseBytes() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
