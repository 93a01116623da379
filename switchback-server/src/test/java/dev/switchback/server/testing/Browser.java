package dev.switchback.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Drives the authorize flow over HTTP the way a browser does: follow the login redirect, post the
 * login form, read the consent page, post the consent form. Every step asserts what a browser sees.
 */
public final class Browser {
    private final Http http;
    private final String username;

    public Browser(TestServer server, String username) {
        this.http = server.http();
        this.username = username;
    }

    public Http http() {
        return http;
    }

    /** Logs in with the test password; the session cookie stays in this browser. */
    public Browser logIn() {
        Http.Response form = http.get("/login");
        assertThat(form.status()).isEqualTo(200);
        Http.Response result = http.postForm(
                "/login",
                Http.form(
                        "csrf",
                        form.inputValue("csrf"),
                        "username",
                        username,
                        "password",
                        TestServer.PASSWORD,
                        "return_to",
                        "/settings/apps"));
        assertThat(result.status())
                .as("login of %s: %s", username, result.body())
                .isEqualTo(303);
        return this;
    }

    /** Opens an authorize URL (path and query) and returns the response: the consent page or a redirect. */
    public Http.Response authorize(String pathAndQuery) {
        return http.get(pathAndQuery);
    }

    /** Submits the consent page {@code consent} with only {@code ticked} scopes ticked; returns the 303. */
    public Http.Response approve(Http.Response consent, List<String> ticked) {
        return submitConsent(consent, ticked, "authorize");
    }

    public Http.Response cancel(Http.Response consent) {
        return submitConsent(consent, List.of(), "cancel");
    }

    private Http.Response submitConsent(Http.Response consent, List<String> ticked, String decision) {
        assertThat(consent.status()).as("consent page: %s", consent.body()).isEqualTo(200);
        StringBuilder body = new StringBuilder();
        for (String name : List.of(
                "csrf",
                "client_id",
                "redirect_uri",
                "response_type",
                "scope",
                "approval_prompt",
                "state",
                "code_challenge",
                "code_challenge_method")) {
            if (consent.body().contains("name=\"" + name + "\" value=")) {
                append(body, name, consent.inputValue(name));
            }
        }
        append(body, "granted", "read");
        ticked.forEach(scope -> append(body, "granted", scope));
        append(body, "decision", decision);
        return http.postRaw(
                "/oauth/accept_application",
                "application/x-www-form-urlencoded",
                body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void append(StringBuilder body, String name, String value) {
        if (body.length() > 0) {
            body.append('&');
        }
        body.append(Http.encode(java.util.Map.of(name, value)));
    }
}
