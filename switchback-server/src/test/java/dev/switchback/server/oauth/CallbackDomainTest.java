package dev.switchback.server.oauth;

import static dev.switchback.server.oauth.AuthorizeErrorsTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The callback-domain rules of the strava profile (contract#redirect-uri-rules): the host is the callback domain or a
 * subdomain of it, port ignored, path and scheme free, localhost and 127.0.0.1 always allowed.
 */
@HttpTest
class CallbackDomainTest {
    static final String REDIRECT_URI_INVALID =
            "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"Application\",\"field\":\"redirect_uri\",\"code\":\"invalid\"}]}";

    private TestServer server;
    private Browser browser;
    private long exampleApp;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.createAthlete("marianne");
        exampleApp =
                server.createApp("Training Log", "example.com").app().clientId().value();
        browser = new Browser(server, "marianne").logIn();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.com/cb",
                "https://example.com/cb",
                "https://example.com",
                "https://example.com/",
                "https://example.com/any/path/at/all",
                "https://EXAMPLE.com/cb",
            })
    void authorize_withRedirectOnTheCallbackDomain_redirectsThereWithCode(String redirectUri) {
        assertApprovedTo(exampleApp, redirectUri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com:8080/cb", "https://example.com:8443/cb", "http://example.com:1/"})
    void authorize_withAnyPortOnTheCallbackDomain_isAccepted_portIgnored(String redirectUri) {
        assertApprovedTo(exampleApp, redirectUri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/cb", "http://deep.app.example.com:9000/cb"})
    void authorize_withSubdomainOfTheCallbackDomain_isAccepted(String redirectUri) {
        assertApprovedTo(exampleApp, redirectUri);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost/cb",
                "http://localhost:8081/exchange_token",
                "https://localhost:8443/",
                "http://127.0.0.1/cb",
                "http://127.0.0.1:5000/stravaToken"
            })
    void authorize_withLoopbackRedirect_isAcceptedWhateverTheCallbackDomain(String redirectUri) {
        assertApprovedTo(exampleApp, redirectUri);
    }

    @Test
    void authorize_withLoopbackRedirect_isAcceptedForAnAppWhoseDomainIsNotLoopback() {
        long otherApp = server.createApp("Other", "my.home-assistant.io")
                .app()
                .clientId()
                .value();

        assertApprovedTo(otherApp, "http://localhost:8123/auth/external/callback");
        assertApprovedTo(otherApp, "http://127.0.0.1:8123/auth/external/callback");
    }

    @Test
    void authorize_forAnAppWhoseDomainIsAnIpAddress_acceptsThatAddressOnAnyPort() {
        long ipApp = server.createApp("Home", "192.168.1.10").app().clientId().value();

        assertApprovedTo(ipApp, "http://192.168.1.10:8123/cb");
        assertRejected(ipApp, "http://192.168.1.11:8123/cb");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://evil.com/cb",
                "http://notexample.com/cb",
                "http://example.com.evil.com/cb",
                "http://example.co/cb",
                "http://example.com@evil.com/cb",
                "http://localhost.evil.com/cb",
                "http://127.0.0.2/cb",
                "http://[::1]/cb",
                "http://0.0.0.0/cb",
            })
    void authorize_withOtherHost_returns400RedirectUriInvalid(String redirectUri) {
        assertRejected(exampleApp, redirectUri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/cb#fragment", "http://example.com/cb#", "http://localhost/cb#x"})
    void authorize_withFragmentInRedirectUri_returns400RedirectUriInvalid(String redirectUri) {
        assertRejected(exampleApp, redirectUri);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/cb",
                "example.com/cb",
                "http:///cb",
                "mailto:someone@example.com",
                "http://exa mple.com/cb",
                "",
                "   "
            })
    void authorize_withRelativeOrMalformedRedirectUri_returns400RedirectUriInvalid(String redirectUri) {
        assertRejected(exampleApp, redirectUri);
    }

    /**
     * A scheme that runs script or reads content in the browser instead of reaching the app is refused, also when its
     * host is the callback domain or loopback, where every other scheme is free (issue 18, item 6).
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript://example.com/%0Aalert(document.domain)",
                "JavaScript://example.com/%0Aalert(1)",
                "vbscript://example.com/%0Amsgbox(1)",
                "data://example.com/text/html,%3Cscript%3Ealert(1)%3C/script%3E",
                "file://example.com/etc/passwd",
                "blob://example.com/0b6c8c7e",
                "filesystem://example.com/temporary/x",
                "about://example.com/blank",
                "view-source://example.com/cb",
                "javascript://localhost/%0Aalert(1)",
                "file://127.0.0.1/etc/passwd",
                "data://localhost/text/html,x",
                "javascript:alert(1)",
                "data:text/html,x"
            })
    void authorize_withAScriptDataOrFileScheme_returns400RedirectUriInvalid_evenOnTheCallbackDomainOrLoopback(
            String redirectUri) {
        assertRejected(exampleApp, redirectUri);
    }

    @Test
    void authorize_withCustomSchemeWhoseHostIsTheCallbackDomain_redirectsThere() {
        assertApprovedTo(exampleApp, "yourapp://example.com/en-US");
        assertApprovedTo(exampleApp, "yourapp://www.example.com/en-US");
    }

    @Test
    void authorize_withReactNativeStyleRedirect_whoseHostIsTheCallbackDomain_isAccepted() {
        long nativeApp =
                server.createApp("Native", "oauthredirect").app().clientId().value();

        assertApprovedTo(nativeApp, "com.myapp://oauthredirect");
    }

    @Test
    void authorize_withCustomSchemeOnLoopback_isStillAccepted_inTheStravaProfile() {
        assertApprovedTo(exampleApp, "com.myapp://localhost/cb");
        assertApprovedTo(exampleApp, "myapp://127.0.0.1:8080/cb");
    }

    @Test
    void authorize_withCustomSchemeOnAnotherHost_returns400RedirectUriInvalid() {
        assertRejected(exampleApp, "yourapp://evil.com/en-US");
        assertRejected(exampleApp, "yourapp:example.com");
    }

    @Test
    void authorize_withOverlongRedirectUri_returns400RedirectUriInvalid() {
        assertRejected(exampleApp, "http://example.com/" + "a".repeat(2100));
    }

    private void assertApprovedTo(long clientId, String redirectUri) {
        Http.Response consent = browser.authorize(path(
                "/oauth/authorize",
                "client_id",
                Long.toString(clientId),
                "redirect_uri",
                redirectUri,
                "response_type",
                "code",
                "approval_prompt",
                "force",
                "scope",
                "read"));
        assertThat(consent.status()).as("%s: %s", redirectUri, consent.body()).isEqualTo(200);

        Http.Response redirect = browser.approve(consent, List.of());

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.location())
                .matches(java.util.regex.Pattern.quote(redirectUri) + "\\?code=[0-9a-f]{40}&scope=read");
    }

    private void assertRejected(long clientId, String redirectUri) {
        Http.Response response = browser.authorize(path(
                "/oauth/authorize",
                "client_id",
                Long.toString(clientId),
                "redirect_uri",
                redirectUri,
                "response_type",
                "code",
                "scope",
                "read"));

        assertThat(response.status()).as(redirectUri).isEqualTo(400);
        assertThat(response.body()).isEqualTo(REDIRECT_URI_INVALID);
        assertThat(response.header("Location")).isEmpty();
    }
}
