package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.client.example.LatestActivity;
import dev.switchback.client.example.TrainingLog;
import dev.switchback.server.DemoActivities;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java examples are {@link TrainingLog} and {@link LatestActivity}, word for word, and they work. */
@HttpTest
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE =
            Path.of("src", "test", "java", "dev", "switchback", "client", "example", "TrainingLog.java");
    private static final Path TYPED_EXAMPLE =
            Path.of("src", "test", "java", "dev", "switchback", "client", "example", "LatestActivity.java");

    @TempDir
    Path directory;

    @Test
    void readme_containsTheExample_asOneJavaCodeBlock() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE);
        String example =
                String.join("\n", lines.subList(lines.indexOf("// README:begin") + 1, lines.indexOf("// README:end")));

        assertThat(Files.readString(README)).contains("```java\n" + example + "\n```\n");
    }

    @Test
    void example_authorizesAndCallsTheApi_againstTheRealServer() {
        try (Grants grants = Grants.start()) {
            TrainingLog log = new TrainingLog(
                    grants.server.baseUrl(),
                    grants.app.app().clientId().value(),
                    grants.app.secret().value(),
                    directory.resolve("tokens.json"));

            Browser browser = new Browser(grants.server, "marianne").logIn();
            Http.Response redirect =
                    browser.approve(browser.authorize(log.authorizeUrl("s1").toString()), List.of("activity:read"));
            assertThat(redirect.locationParam("state")).contains("s1");
            log.onRedirect(
                    redirect.locationParam("code").orElseThrow(),
                    redirect.locationParam("scope").orElseThrow());

            assertThat(log.athleteName()).isEqualTo("First marianne");
        }
    }

    @Test
    void readme_containsTheTypedExample_asOneJavaCodeBlock() throws IOException {
        List<String> lines = Files.readAllLines(TYPED_EXAMPLE);
        String example =
                String.join("\n", lines.subList(lines.indexOf("// README:begin") + 1, lines.indexOf("// README:end")));

        assertThat(Files.readString(README)).contains("```java\n" + example + "\n```\n");
    }

    @Test
    void typedExample_describesTheNewestActivity_fromItsDetailedRecord() {
        try (Grants grants = Grants.start()) {
            DemoActivities.create(
                    grants.server.switchback(),
                    grants.server
                            .switchback()
                            .athletes()
                            .findByUsername("marianne")
                            .orElseThrow());
            String token = Flows.tokens(grants.server, grants.app, "marianne", "read,activity:read_all")
                    .get("access_token")
                    .asString();
            var newest = grants.client
                    .get(token, "/athlete/activities", java.util.Map.of("per_page", "1"))
                    .body()
                    .get(0);
            var laps = grants.client
                    .get(token, "/activities/" + newest.get("id").asLong() + "/laps")
                    .body();

            assertThat(LatestActivity.describe(grants.client, token))
                    .contains(String.format(
                            java.util.Locale.ROOT,
                            "%s: %.1f km, %d laps, started %s",
                            newest.get("name").asString(),
                            newest.get("distance").asDouble() / 1000,
                            laps.size(),
                            newest.get("start_date").asString()));
        }
    }
}
