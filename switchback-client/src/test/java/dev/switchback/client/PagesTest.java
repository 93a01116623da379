package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.server.testing.Http;
import dev.switchback.testing.HttpTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code pages}: a list endpoint's items across pages, fetched lazily, against the real server. */
@HttpTest
class PagesTest {
    private Grants grants;
    private StravaClient client;
    private String token;

    @BeforeEach
    void start() {
        grants = Grants.start(Map.of("emulator", "true"));
        client = grants.client;
        token = grants.authorize("read,activity:read,activity:write").accessToken();
    }

    @AfterEach
    void stop() {
        grants.close();
    }

    /** Manual activities named "Day 1" to "Day n", one a day. */
    private void activities(int n) {
        for (int day = 1; day <= n; day++) {
            client.post(
                    token,
                    "/activities",
                    StravaClient.Body.form(Map.of(
                            "name",
                            "Day " + day,
                            "sport_type",
                            "Run",
                            "start_date_local",
                            LocalDate.of(2026, 2, day) + "T07:00:00Z",
                            "elapsed_time",
                            "1800")));
        }
    }

    private long listRequests() {
        Http.Response journal = grants.server.http().get("/_switchback/requests?since=0");
        long count = 0;
        for (JsonNode entry : journal.json()) {
            if (entry.path("path").asString().equals("/api/v3/athlete/activities")) {
                count++;
            }
        }
        return count;
    }

    private List<String> names(int perPage) {
        return client.pages(token, "/athlete/activities", Map.of(), perPage)
                .map(activity -> activity.path("name").asString())
                .toList();
    }

    @Test
    void sevenActivities_threeAPage_areReadInTheServersOrder_fromThreePages() {
        activities(7);

        assertThat(names(3)).containsExactly("Day 7", "Day 6", "Day 5", "Day 4", "Day 3", "Day 2", "Day 1");
        assertThat(listRequests()).isEqualTo(3);
    }

    @Test
    void whenTheLastPageIsFull_anEmptyPageEndsTheItems() {
        activities(6);

        assertThat(names(3)).hasSize(6);
        assertThat(listRequests()).isEqualTo(3);
    }

    @Test
    void pagesAreFetchedOnlyWhenTheirItemsAreAskedFor() {
        activities(7);

        var stream = client.pages(token, "/athlete/activities", Map.of(), 3);
        assertThat(listRequests()).isZero();
        assertThat(stream.limit(2).toList()).hasSize(2);
        assertThat(listRequests()).isEqualTo(1);
    }

    @Test
    void otherQueryParameters_areSentWithEveryPage() {
        activities(5);
        long feb3 = java.time.Instant.parse("2026-02-03T00:00:00Z").getEpochSecond();

        assertThat(client.pages(token, "/athlete/activities", Map.of("before", Long.toString(feb3)), 1)
                        .map(activity -> activity.path("name").asString())
                        .toList())
                .containsExactly("Day 2", "Day 1");
    }

    @Test
    void aServerError_isThrownFromTheStream() {
        assertThatThrownBy(() ->
                        client.pages(token, "/athletes/99/routes", Map.of(), 10).toList())
                .isInstanceOfSatisfying(
                        StravaException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void perPageOutsideOneTo200_orAPagingParameterInTheQuery_isRefusedAtOnce() {
        assertThatThrownBy(() -> client.pages(token, "/athlete/activities", Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perPage must be within 1..200 (got 0)");
        assertThatThrownBy(() -> client.pages(token, "/athlete/activities", Map.of(), 201))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perPage must be within 1..200 (got 201)");
        assertThatThrownBy(() -> client.pages(token, "/athlete/activities", Map.of("page", "2"), 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not set page or per_page");
    }
}
