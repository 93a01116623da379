package dev.switchback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What may be a redirect URI at all, in every profile (contract#redirect-uri-rules). */
@UnitTest
class RedirectUriSyntaxTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com/cb",
                "http://localhost:8081/exchange_token",
                "com.myapp://oauthredirect",
                "YourApp://www.yourapp.com/en-US"
            })
    void parse_httpHttpsOrAnAppsOwnScheme_isAccepted(String value) {
        assertThat(RedirectUriSyntax.parse(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript://example.com/%0Aalert(1)",
                "JAVASCRIPT://example.com/%0Aalert(1)",
                "vbscript://example.com/x",
                "data://example.com/text/html,x",
                "blob://example.com/x",
                "filesystem://example.com/x",
                "file://localhost/etc/passwd",
                "about://example.com/blank",
                "view-source://example.com/cb"
            })
    void parse_aSchemeTheBrowserRunsOrReadsLocally_isRefused_namingTheSchemeAndTheValue(String value) {
        assertThatThrownBy(() -> RedirectUriSyntax.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "scheme " + value.substring(0, value.indexOf(':')).toLowerCase())
                .hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cb", "example.com/cb", "mailto:someone@example.com", "https://example.com/cb#x"})
    void parse_relativeOpaqueOrWithAFragment_isRefused_namingTheValue(String value) {
        assertThatThrownBy(() -> RedirectUriSyntax.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(value);
    }
}
