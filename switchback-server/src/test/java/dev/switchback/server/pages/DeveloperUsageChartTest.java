package dev.switchback.server.pages;

import static dev.switchback.server.pages.DeveloperPageTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The developer page's chart of the day's usage by quarter hour (contract#developer-page): each request is in
 * the bar of the quarter hour it was made in, its read part drawn apart, with the same figures in a table and a
 * sentence naming the busiest quarter hour; a new UTC day starts empty.
 */
@HttpTest
class DeveloperUsageChartTest {
    private TestServer server;
    private String bearer;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        server.createAthlete("pierre");
        AppService.CreatedApp app = server.createApp("Training Log", "localhost", Optional.of("marianne"), 10);
        bearer = "Bearer "
                + Flows.tokens(server, app, "pierre", "read,activity:write")
                        .get("access_token")
                        .asString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void requestsInTwoQuarterHours_appearInTheirOwnBars_withTheirReadPart() {
        athlete();
        athlete();
        server.clock().advance(Duration.ofHours(3).plusMinutes(37));
        athlete();
        manualActivity();

        Http.Response page = new Browser(server, "marianne").logIn().http().get("/settings/api");

        assertThat(page.body())
                .containsPattern(row("1000", "10:00–10:15", 2, 2))
                .containsPattern(row("1330", "13:30–13:45", 2, 1))
                .containsPattern(bar("1000", 2, 2, 401))
                .containsPattern(bar("1330", 2, 1, 541));
        assertThat(Pattern.compile("class=\"bar-other\"").matcher(page.body()).results())
                .hasSize(2);
        assertThat(text(page, "usage-summary"))
                .isEqualTo("Today (UTC): 4 requests, 3 of them in the read bucket. "
                        + "Busiest quarter hour: 10:00–10:15 UTC, with 2 requests.");
    }

    @Test
    void aNewUtcDay_startsWithAnEmptyChart_whileTheLimitsTableCountsItsQuarterHour() {
        athlete();
        server.clock().advance(Duration.ofHours(14).plusMinutes(5));

        Http.Response page = new Browser(server, "marianne").logIn().http().get("/settings/api");

        assertThat(text(page, "usage-summary")).isEqualTo("No requests today (UTC) yet.");
        assertThat(page.body()).doesNotContain("class=\"bar-other\"").doesNotContain("id=\"usage-table\"");
        assertThat(page.body()).contains("role=\"img\" aria-labelledby=\"usage-summary\"");
    }

    private void athlete() {
        assertThat(server.http().get("/api/v3/athlete", "Authorization", bearer).status())
                .isEqualTo(200);
    }

    /** A manual activity: counted in the overall bucket only (contract#rate-limit-buckets). */
    private void manualActivity() {
        Flows.manualRun(server, bearer, "2026-03-01 12:04:26 +0100");
    }

    private static String row(String id, String label, long overall, long read) {
        return "id=\"usage-" + id + "\"><th scope=\"row\">" + label + "</th><td>" + overall + "</td><td>" + read
                + "</td></tr>";
    }

    private static String bar(String id, long overall, long read, int x) {
        return "id=\"bar-" + id + "\" data-overall=\"" + overall + "\" data-read=\"" + read + "\" x=\"" + x + "\"";
    }
}
