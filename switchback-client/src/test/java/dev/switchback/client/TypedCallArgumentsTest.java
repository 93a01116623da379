package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.client.model.StreamKey;
import dev.switchback.testing.UnitTest;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The typed calls refuse bad arguments at once, before any request, naming the argument and the value. */
@UnitTest
class TypedCallArgumentsTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
    private final StravaClient client = StravaClient.builder()
            .baseUrl("http://127.0.0.1:9")
            .clientId(1)
            .clientSecret("secret")
            .build();

    @Test
    void streams_withNoKeys_isRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.streams(TOKEN, 1, EnumSet.noneOf(StreamKey.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keys must name at least one stream, such as TIME (got [])");
    }

    @Test
    void activities_withPerPageOver200_isRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.activities(TOKEN, 1, 201))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perPage must be 1 to 200 (got 201)");
    }

    @Test
    void starredSegments_withPageZero_isRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.starredSegments(TOKEN, 0, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page must be 1 or more (got 0)");
    }
}
