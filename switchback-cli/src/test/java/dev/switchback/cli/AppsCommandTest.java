package dev.switchback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.TokenRequest;
import dev.switchback.testing.UnitTest;
import dev.switchback.token.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code switchback apps ...} in-process, each test on a fresh SQLite file. */
@UnitTest
class AppsCommandTest {
    private static final String SOME_REFRESH_TOKEN = "0123456789abcdef0123456789abcdef01234567";
    /** Past the client check, the made-up refresh token is refused: the secret was accepted. */
    private static final FaultError SECRET_ACCEPTED = new FaultError("RefreshToken", "refresh_token", "invalid");

    private static final FaultError SECRET_REFUSED = new FaultError("Application", "client_secret", "invalid");

    @TempDir
    Path directory;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(directory.resolve("switchback.db"));
    }

    private JsonNode createApp(String name) {
        Cli.Result result = cli.run("apps", "create", "--name", name, "--callback-domain", "example.com", "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.json();
    }

    private String storedDigest(long clientId) {
        return cli.withSwitchback(switchback -> switchback
                .database()
                .read(tx -> tx.sql("SELECT secret_digest FROM apps WHERE id = :id")
                        .bind("id", clientId)
                        .one(row -> row.getString(1))
                        .orElseThrow()));
    }

    /** What the token endpoint's client check makes of this secret: past it, an unknown refresh token is refused. */
    private FaultError tokenEndpointFault(long clientId, String secret) {
        return cli.withSwitchback(switchback -> {
            try {
                switchback
                        .tokens()
                        .exchange(new TokenRequest.RefreshTokenGrant(
                                Long.toString(clientId), Optional.of(secret), Optional.of(SOME_REFRESH_TOKEN)));
                throw new AssertionError("an unknown refresh token was accepted");
            } catch (FaultException e) {
                return e.errors().get(0);
            }
        });
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

    @Test
    void rateLimits_withoutOptions_showsStravasDefaults() {
        JsonNode app = createApp("Training Log");

        Cli.Result result = cli.run("apps", "rate-limits", app.get("client_id").asString(), "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("rate_limit").asString()).isEqualTo("200,2000");
        assertThat(result.json().get("read_rate_limit").asString()).isEqualTo("100,1000");
    }

    @Test
    void rateLimits_setsEitherBucketOnItsOwn() {
        JsonNode app = createApp("Training Log");
        String id = app.get("client_id").asString();

        cli.run("apps", "rate-limits", id, "--read", "200,2000");
        Cli.Result result = cli.run("apps", "rate-limits", id, "--overall", "400,4000", "--json");

        assertThat(result.json().get("rate_limit").asString()).isEqualTo("400,4000");
        assertThat(result.json().get("read_rate_limit").asString()).isEqualTo("200,2000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"200", "200,abc", "0,10", "300,200", "1,2,3"})
    void rateLimits_withABadPair_exits1WithOneLine_andChangesNothing(String pair) {
        JsonNode app = createApp("Training Log");
        String id = app.get("client_id").asString();

        Cli.Result result = cli.run("apps", "rate-limits", id, "--overall", pair);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1).first().asString().startsWith("switchback: error: ");
        assertThat(cli.run("apps", "rate-limits", id, "--json")
                        .json()
                        .get("rate_limit")
                        .asString())
                .isEqualTo("200,2000");
    }

    @Test
    void rateLimits_ofAnUnknownApp_exits1() {
        Cli.Result result = cli.run("apps", "rate-limits", "99");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no app with id 99");
    }

    @Test
    void create_printsClientIdAndAFortyHexSecret() {
        Cli.Result result = cli.run("apps", "create", "--name", "Training Log", "--callback-domain", "example.com");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.outLines())
                .containsExactly(
                        "client_id        1",
                        result.outLines().get(1),
                        "name             Training Log",
                        "callback_domain  example.com",
                        "The secret is shown only now; Switchback keeps only its digest.");
        assertThat(result.outLines().get(1)).matches("client_secret    [0-9a-f]{40}");
    }

    @Test
    void create_withJson_printsOneObjectWithTheSecret() {
        Cli.Result result = cli.run(
                "apps",
                "create",
                "--name",
                "Training Log",
                "--callback-domain",
                "Example.com",
                "--capacity",
                "1",
                "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).hasSize(1);
        JsonNode app = result.json();
        assertThat(app.get("client_id").isIntegralNumber()).isTrue();
        assertThat(app.get("client_id").asLong()).isEqualTo(1);
        assertThat(app.get("client_secret").asString()).matches("[0-9a-f]{40}");
        assertThat(app.get("name").asString()).isEqualTo("Training Log");
        assertThat(app.get("callback_domain").asString()).isEqualTo("example.com");
        assertThat(app.get("owner_id").isNull()).isTrue();
        assertThat(app.get("athlete_capacity").asInt()).isEqualTo(1);
        assertThat(app.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void create_storesOnlyTheSha256OfTheSecret_theSecretIsNowhereInTheDatabaseFiles() throws IOException {
        JsonNode app = createApp("Training Log");
        String secret = app.get("client_secret").asString();

        assertThat(storedDigest(app.get("client_id").asLong()))
                .isEqualTo(Secret.digestOf(secret).hex());
        assertThat(databaseBytes())
                .doesNotContain(secret)
                .contains(Secret.digestOf(secret).hex());
    }

    @Test
    void create_printedSecretAuthenticatesTheApp() {
        JsonNode app = createApp("Training Log");

        assertThat(tokenEndpointFault(
                        app.get("client_id").asLong(), app.get("client_secret").asString()))
                .isEqualTo(SECRET_ACCEPTED);
    }

    @Test
    void create_withOwner_recordsTheAthlete() {
        cli.run(
                "athletes",
                "create",
                "--username",
                "marianne",
                "--firstname",
                "Marianne",
                "--lastname",
                "Vos",
                "--password",
                "correct horse battery");

        Cli.Result result = cli.run(
                "apps", "create", "--name", "Mine", "--callback-domain", "localhost", "--owner", "marianne", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.json().get("owner_id").asLong()).isEqualTo(1);
    }

    @Test
    void create_unknownOwner_exits1WithOneLine() {
        Cli.Result result =
                cli.run("apps", "create", "--name", "Mine", "--callback-domain", "localhost", "--owner", "nobody");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("switchback: error: no athlete with username 'nobody'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "example.com:8080", "example.com/path"})
    void create_callbackDomainThatIsNotABareHost_exits1WithOneClearLine(String domain) {
        Cli.Result result = cli.run("apps", "create", "--name", "Training Log", "--callback-domain", domain);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines())
                .containsExactly("switchback: error: callback domain must be a bare host such as "
                        + "example.com, without scheme, port or path (got '" + domain + "')");
        assertThat(cli.run("apps", "list", "--json").json().get("apps")).isEmpty();
    }

    @Test
    void create_capacityZero_exits1() {
        Cli.Result result = cli.run(
                "apps", "create", "--name", "Training Log", "--callback-domain", "example.com", "--capacity", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("switchback: error: capacity must be at least 1 (got 0)");
    }

    @Test
    void create_withoutCallbackDomain_exits2PointingToHelp() {
        Cli.Result result = cli.run("apps", "create", "--name", "Training Log");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines())
                .containsExactly(
                        "switchback: error: Missing required option: '--callback-domain=DOMAIN'",
                        "Try 'switchback apps create --help' for more information.");
    }

    // --- registered redirect URIs (contract#registered-redirect-uris) -------------------------------

    @Test
    void create_withRedirectUris_registersThemInTheOrderGiven_andPrintsThem() {
        Cli.Result result = cli.run(
                "apps",
                "create",
                "--name",
                "Training Log",
                "--callback-domain",
                "example.com",
                "--redirect-uri",
                "https://example.com/cb",
                "--redirect-uri",
                "http://127.0.0.1/callback",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("redirect_uris").values().stream().map(JsonNode::asString))
                .containsExactly("https://example.com/cb", "http://127.0.0.1/callback");
        assertThat(cli.run("apps", "list", "--json").json().get("apps").get(0).get("redirect_uris"))
                .hasSize(2);
    }

    @Test
    void create_withRedirectUris_printsOneLineEachForPeople() {
        Cli.Result result = cli.run(
                "apps",
                "create",
                "--name",
                "Training Log",
                "--callback-domain",
                "example.com",
                "--redirect-uri",
                "https://example.com/cb");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.outLines()).contains("redirect_uri     https://example.com/cb");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.com/cb",
                "javascript://example.com/%0Aalert(1)",
                "https://example.com/cb?state=fixed",
                "https://example.com/cb?code=x",
                "https://example.com/cb#top",
                "/cb"
            })
    void create_withARedirectUriThatCannotBeRegistered_exits1NamingIt_andCreatesNoApp(String uri) {
        Cli.Result result = cli.run(
                "apps", "create", "--name", "Training Log", "--callback-domain", "example.com", "--redirect-uri", uri);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSize(1).first().asString().startsWith("switchback: error: redirect URI");
        assertThat(result.err()).contains(uri);
        assertThat(cli.run("apps", "list", "--json").json().get("apps")).isEmpty();
    }

    @Test
    void update_replacesTheRegisteredRedirectUris() {
        String id = createApp("Training Log").get("client_id").asString();
        cli.run("apps", "update", id, "--redirect-uri", "https://example.com/old");

        Cli.Result result = cli.run(
                "apps",
                "update",
                id,
                "--redirect-uri",
                "https://example.com/new",
                "--redirect-uri",
                "https://app.example.com/cb",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("redirect_uris").values().stream().map(JsonNode::asString))
                .containsExactly("https://example.com/new", "https://app.example.com/cb");
    }

    @Test
    void update_withClearRedirectUris_registersNone() {
        String id = createApp("Training Log").get("client_id").asString();
        cli.run("apps", "update", id, "--redirect-uri", "https://example.com/cb");

        Cli.Result result = cli.run("apps", "update", id, "--clear-redirect-uris", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("redirect_uris")).isEmpty();
    }

    @Test
    void update_withNeitherRedirectUriNorClear_exits1WithOneLine_andChangesNothing() {
        String id = createApp("Training Log").get("client_id").asString();
        cli.run("apps", "update", id, "--redirect-uri", "https://example.com/cb");

        Cli.Result result = cli.run("apps", "update", id);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .containsExactly("switchback: error: give --redirect-uri (one or more) or --clear-redirect-uris");
        assertThat(cli.run("apps", "list", "--json").json().get("apps").get(0).get("redirect_uris"))
                .hasSize(1);
    }

    @Test
    void update_ofAnUnknownApp_exits1() {
        Cli.Result result = cli.run("apps", "update", "99", "--redirect-uri", "https://example.com/cb");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("switchback: error: no app with id 99");
    }

    @Test
    void list_printsAnAlignedTable() {
        createApp("A rather long application name, longer than thirty characters");
        createApp("Short");

        Cli.Result result = cli.run("apps", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).hasSize(3);
        int callbackColumn = result.outLines().get(0).indexOf("CALLBACK_DOMAIN");
        assertThat(result.outLines().get(1).indexOf("example.com")).isEqualTo(callbackColumn);
        assertThat(result.outLines().get(2).indexOf("example.com")).isEqualTo(callbackColumn);
        assertThat(result.outLines().get(2)).startsWith("2").endsWith("10");
    }

    @Test
    void list_withJson_printsEveryAppWithoutSecrets() {
        String secret = createApp("Training Log").get("client_secret").asString();
        createApp("Second");

        Cli.Result result = cli.run("apps", "list", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode apps = result.json().get("apps");
        assertThat(apps).hasSize(2);
        assertThat(apps.get(0).get("client_id").asLong()).isEqualTo(1);
        assertThat(apps.get(0).get("name").asString()).isEqualTo("Training Log");
        assertThat(apps.get(1).get("name").asString()).isEqualTo("Second");
        assertThat(apps.get(0).has("client_secret")).isFalse();
        assertThat(result.out())
                .doesNotContain(secret)
                .doesNotContain(Secret.digestOf(secret).hex());
    }

    @Test
    void list_onAnEmptyDatabase_printsOnlyTheHeader() {
        Cli.Result result = cli.run("apps", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly("CLIENT_ID  NAME  CALLBACK_DOMAIN  CAPACITY");
    }

    @Test
    void rotateSecret_newSecretWorks_oldOneNoLonger() throws IOException {
        JsonNode app = createApp("Training Log");
        long id = app.get("client_id").asLong();
        String old = app.get("client_secret").asString();

        Cli.Result result = cli.run("apps", "rotate-secret", Long.toString(id), "--json");

        assertThat(result.exitCode()).isZero();
        String rotated = result.json().get("client_secret").asString();
        assertThat(rotated).matches("[0-9a-f]{40}").isNotEqualTo(old);
        assertThat(result.json().get("client_id").asLong()).isEqualTo(id);
        assertThat(storedDigest(id)).isEqualTo(Secret.digestOf(rotated).hex());
        assertThat(tokenEndpointFault(id, rotated)).isEqualTo(SECRET_ACCEPTED);
        assertThat(tokenEndpointFault(id, old)).isEqualTo(SECRET_REFUSED);
        assertThat(databaseBytes()).doesNotContain(rotated).doesNotContain(old);
    }

    @Test
    void rotateSecret_printsTheNewSecretForPeople() {
        createApp("Training Log");

        Cli.Result result = cli.run("apps", "rotate-secret", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines().get(1)).matches("client_secret    [0-9a-f]{40}");
    }

    @Test
    void rotateSecret_unknownId_exits1WithOneLine() {
        Cli.Result result = cli.run("apps", "rotate-secret", "99");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("switchback: error: no app with id 99");
    }

    @Test
    void delete_removesTheApp_andItsSecretStopsWorking() {
        JsonNode app = createApp("Training Log");

        Cli.Result result = cli.run("apps", "delete", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly("Deleted app 1.");
        assertThat(cli.run("apps", "list", "--json").json().get("apps")).isEmpty();
        assertThat(tokenEndpointFault(1, app.get("client_secret").asString()))
                .isEqualTo(new FaultError("Application", "client_id", "invalid"));
    }

    @Test
    void delete_withJson_confirmsInOneObject() {
        createApp("Training Log");

        Cli.Result result = cli.run("apps", "delete", "1", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.json().get("client_id").asLong()).isEqualTo(1);
        assertThat(result.json().get("deleted").asBoolean()).isTrue();
    }

    @Test
    void delete_unknownId_exits1WithOneLine() {
        Cli.Result result = cli.run("apps", "delete", "99");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("switchback: error: no app with id 99" + System.lineSeparator());
    }

    @Test
    void delete_idThatIsNotANumber_exits2PointingToHelp() {
        Cli.Result result = cli.run("apps", "delete", "abc");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines())
                .containsExactly(
                        "switchback: error: Invalid value for positional parameter at index 0 (ID): 'abc' is not a long",
                        "Try 'switchback apps delete --help' for more information.");
    }
}
