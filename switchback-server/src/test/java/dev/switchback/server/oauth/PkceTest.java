package dev.switchback.server.oauth;

import static dev.switchback.server.testing.Faults.CODE_EXPIRED;
import static dev.switchback.server.testing.Faults.fault;
import static dev.switchback.server.testing.Faults.tokenError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PKCE at the token endpoint (contract#pkce, RFC 7636): a code issued with an S256 challenge needs the
 * matching verifier, a failed attempt leaves the code usable, and a verifier without a challenge is refused.
 */
@HttpTest
class PkceTest {
    /** RFC 7636 Appendix B: this verifier and its S256 challenge. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String PKCE_QUERY = "code_challenge=" + CHALLENGE + "&code_challenge_method=S256";
    private static final String VERIFIER_MISSING =
            invalidVerifier("code_verifier is missing: the code was issued with a code_challenge");
    private static final String VERIFIER_WRONG = invalidVerifier("code_verifier does not match the code_challenge");
    private static final String VERIFIER_UNEXPECTED =
            invalidVerifier("code_verifier was sent for a code issued without a code_challenge");

    private TestServer server;
    private AppService.CreatedApp app;

    private void start(Map<String, String> settings) {
        server = TestServer.start(settings);
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withChallengedCode_andMatchingVerifier_returnsTokens(String path) {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);

        Http.Response response = server.http().postForm(path, withVerifier(exchange(code), VERIFIER));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("access_token").asString()).matches("[0-9a-f]{40}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withChallengedCode_withoutVerifier_returns400InvalidVerifier_andTheCodeStaysUsable(String path) {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);

        Http.Response refused = server.http().postForm(path, exchange(code));
        Http.Response accepted = server.http().postForm(path, withVerifier(exchange(code), VERIFIER));

        assertInvalidVerifier(refused, VERIFIER_MISSING);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withChallengedCode_andWrongVerifier_returns400InvalidVerifier_andTheCodeStaysUsable(String path) {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        String wrong = "x".repeat(43);

        Http.Response refused = server.http().postForm(path, withVerifier(exchange(code), wrong));
        Http.Response accepted = server.http().postForm(path, withVerifier(exchange(code), VERIFIER));

        assertInvalidVerifier(refused, VERIFIER_WRONG);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void exchange_withChallengedCode_andTheChallengeItselfAsVerifier_returns400InvalidVerifier() {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);

        assertInvalidVerifier(Flows.exchangeWithVerifier(server, app, code, CHALLENGE), VERIFIER_WRONG);
    }

    @Test
    void exchange_withChallengedCode_andTooShortVerifier_returns400InvalidVerifier() {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);

        assertInvalidVerifier(Flows.exchangeWithVerifier(server, app, code, VERIFIER.substring(0, 42)), VERIFIER_WRONG);
    }

    @Test
    void exchange_withChallengedCode_andVerifierInJsonBody_returnsTokens() {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        String json = "{\"client_id\":" + app.app().clientId() + ",\"client_secret\":\""
                + app.secret().value() + "\",\"code\":\"" + code
                + "\",\"grant_type\":\"authorization_code\",\"code_verifier\":\"" + VERIFIER + "\"}";

        assertThat(server.http().postJson("/oauth/token", json).status()).isEqualTo(200);
    }

    @Test
    void exchange_withChallengedCode_usedTwiceWithTheRightVerifier_returns400ExpiredCode() {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);
        assertThat(Flows.exchangeWithVerifier(server, app, code, VERIFIER).status())
                .isEqualTo(200);

        Http.Response second = Flows.exchangeWithVerifier(server, app, code, VERIFIER);

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(CODE_EXPIRED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/oauth/token", "/api/v3/oauth/token"})
    void exchange_withVerifierForCodeWithoutChallenge_returns400InvalidVerifier_andTheCodeStaysUsable(String path) {
        start(Map.of());
        String code = Flows.code(server, app, "marianne", "read");

        Http.Response refused = server.http().postForm(path, withVerifier(exchange(code), VERIFIER));
        Http.Response accepted = server.http().postForm(path, exchange(code));

        assertInvalidVerifier(refused, VERIFIER_UNEXPECTED);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void hardened_exchange_withChallengedCode_andMatchingVerifier_returnsTokens() {
        start(Map.of("profile", "hardened"));
        String code = Flows.code(server, app, "marianne", "read", PKCE_QUERY);

        assertThat(Flows.exchangeWithVerifier(server, app, code, VERIFIER).status())
                .isEqualTo(200);
    }

    @Test
    void hardened_authorize_withoutChallenge_returns400MissingCodeChallenge() {
        start(Map.of("profile", "hardened"));
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response response = browser.authorize(Flows.authorizePath(app.app().clientId(), "read"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Authorize", "code_challenge", "missing"));
    }

    @Test
    void authorize_withPlainChallengeMethod_returns400InvalidChallengeMethod() {
        start(Map.of());
        Browser browser = new Browser(server, "marianne").logIn();

        Http.Response response = browser.authorize(Flows.authorizePath(
                app.app().clientId(), "read", "code_challenge=" + CHALLENGE + "&code_challenge_method=plain"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(fault("Bad Request", "Authorize", "code_challenge_method", "invalid"));
    }

    private Map<String, String> exchange(String code) {
        return Http.form(
                "client_id",
                app.app().clientId().toString(),
                "client_secret",
                app.secret().value(),
                "code",
                code,
                "grant_type",
                "authorization_code");
    }

    private static Map<String, String> withVerifier(Map<String, String> form, String verifier) {
        form.put("code_verifier", verifier);
        return form;
    }

    private static String invalidVerifier(String description) {
        return tokenError("AuthorizationCode", "code_verifier", "invalid", "invalid_grant", description);
    }

    private static void assertInvalidVerifier(Http.Response response, String body) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("Cache-Control")).contains("no-store");
    }
}
