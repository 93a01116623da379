package dev.switchback.testkit.example;

// The README's testkit example, from the line after "README:begin" to the line before "README:end", without
// the lines marked "README:skip" (this project's test tier); ReadmeExampleTest keeps the two identical.
// README:begin
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.HttpTest; // README:skip
import dev.switchback.testkit.SwitchbackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@HttpTest // README:skip
class StravaSyncTest {
    @RegisterExtension
    static SwitchbackExtension strava = SwitchbackExtension.withSeed("seed.json");

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> activities(String accessToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(strava.baseUrl() + "/api/v3/athlete/activities"))
                .header("Authorization", "Bearer " + accessToken)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsTheSeededActivities_thenGetsStravas429_thenA401SixHoursLater() throws Exception {
        SwitchbackExtension.Tokens tokens = strava.issueTokens("demo", 1, "read,activity:read");
        assertThat(activities(tokens.accessToken()).body()).contains("\"name\":\"Morning Run\"");

        strava.faults().next("GET", "/api/v3/athlete/activities", 429);
        assertThat(activities(tokens.accessToken()).statusCode()).isEqualTo(429);

        strava.clock().advance(Duration.ofHours(6).plusMinutes(1));
        assertThat(activities(tokens.accessToken()).statusCode()).isEqualTo(401);
        assertThat(strava.requests())
                .extracting(SwitchbackExtension.Request::status)
                .containsExactly(200, 429, 401);
    }
}
// README:end
