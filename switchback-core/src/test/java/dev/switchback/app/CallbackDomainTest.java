package dev.switchback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** An app's "Authorization Callback Domain": a bare host, no scheme, port or path (contract#callback-domain). */
@UnitTest
class CallbackDomainTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com",
                "localhost",
                "sub.example.com",
                "my.home-assistant.io",
                "developers.strava.com",
                "127.0.0.1",
                "192.168.1.10",
                "a.b.c.d.example"
            })
    void new_bareHost_isAccepted(String host) {
        assertThat(new CallbackDomain(host).host()).isEqualTo(host);
    }

    @Test
    void new_upperCaseAndSurroundingSpaces_areNormalised() {
        assertThat(new CallbackDomain("  Example.COM ").host()).isEqualTo("example.com");
        assertThat(new CallbackDomain("LOCALHOST")).isEqualTo(new CallbackDomain("localhost"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com",
                "http://localhost",
                "example.com:8080",
                "localhost:3000",
                "example.com/path",
                "example.com/",
                "exa mple.com",
                "example .com",
                ".example.com",
                "example.com.",
                "example..com",
                "-example.com",
                "example-.com",
                "exa_mple.com",
                "user@example.com",
                "[::1]",
                "::1",
                "*.example.com"
            })
    void new_anythingButABareHost_isRefusedNamingTheValue(String value) {
        assertThatThrownBy(() -> new CallbackDomain(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("callback domain must be a bare host")
                .hasMessageContaining("(got '" + value.trim() + "')");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void new_empty_isRefused(String value) {
        assertThatThrownBy(() -> new CallbackDomain(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callback domain must not be empty");
    }

    @Test
    void new_labelOver63Characters_isRefused() {
        assertThatThrownBy(() -> new CallbackDomain("a".repeat(64) + ".com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CallbackDomain("a".repeat(63) + ".com").host()).hasSize(67);
    }

    @Test
    void admits_theDomainItself_inAnyCase() {
        CallbackDomain domain = new CallbackDomain("example.com");

        assertThat(domain.admits("example.com", false)).isTrue();
        assertThat(domain.admits("EXAMPLE.com", false)).isTrue();
    }

    @Test
    void admits_subdomain_onlyWhenSubdomainsAllowed() {
        CallbackDomain domain = new CallbackDomain("example.com");

        assertThat(domain.admits("app.example.com", true)).isTrue();
        assertThat(domain.admits("app.example.com", false)).isFalse();
    }

    @Test
    void admits_neverAHostThatMerelyEndsWithTheDomain() {
        CallbackDomain domain = new CallbackDomain("example.com");

        assertThat(domain.admits("evilexample.com", true)).isFalse();
        assertThat(domain.admits("example.com.evil.net", true)).isFalse();
    }
}
