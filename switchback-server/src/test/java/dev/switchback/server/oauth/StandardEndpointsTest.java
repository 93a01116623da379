package dev.switchback.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppService;
import dev.switchback.resourceserver.ResourceServerService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8414 metadata, RFC 7009 revocation and RFC 7662 introspection (contract#oauth-extensions,
 * contract#revocation, contract#introspection), on SQLite and on PostgreSQL.
 */
@HttpTest
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Kind.class)
class StandardEndpointsTest {
    @Parameter
    TestDatabase.Kind database;

    private TestServer server;
    private AppService.CreatedApp app;
    private AppService.CreatedApp other;
    private Http http;

    @BeforeEach
    void start() {
        server = TestServer.start(database);
        server.createAthlete("marianne");
        app = server.createApp("Training Log", "example.com");
        other = server.createApp("Other App", "example.com");
        http = server.http();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void metadata_namesTheEndpoints_S256Only_theSevenScopes_andTheAuthMethodsAccepted() {
        JsonNode metadata = http.get("/.well-known/oauth-authorization-server").json();

        assertThat(metadata.get("issuer").asString()).isEqualTo(server.baseUrl());
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(server.baseUrl() + "/oauth/token");
        assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(server.baseUrl() + "/oauth/authorize");
        assertThat(metadata.get("revocation_endpoint").asString()).isEqualTo(server.baseUrl() + "/oauth/revoke");
        assertThat(strings(metadata.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(strings(metadata.get("scopes_supported")))
                .containsExactlyInAnyOrder(
                        "read",
                        "read_all",
                        "profile:read_all",
                        "profile:write",
                        "activity:read",
                        "activity:read_all",
                        "activity:write");
        assertThat(strings(metadata.get("response_types_supported"))).containsExactly("code");
        assertThat(strings(metadata.get("grant_types_supported")))
                .containsExactly("authorization_code", "refresh_token");
        assertThat(strings(metadata.get("token_endpoint_auth_methods_supported")))
                .containsExactly("client_secret_post", "client_secret_basic");
    }

    @Test
    void metadata_onHead_answersGetsContentType_withoutABody() {
        Http.Response get = http.get("/.well-known/oauth-authorization-server");

        Http.Response head = http.send("HEAD", "/.well-known/oauth-authorization-server", null, null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void revokeAndIntrospect_areServedUnderApiV3Too_withTheRfcErrors() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String access = tokens.get("access_token").asString();
        String clientId = app.app().clientId().toString();

        JsonNode live = http.postForm(
                        "/api/v3/oauth/introspect",
                        Http.form(
                                "client_id",
                                clientId,
                                "client_secret",
                                app.secret().value(),
                                "token",
                                access))
                .json();
        Http.Response missingToken = http.postForm(
                "/api/v3/oauth/revoke",
                Http.form("client_id", clientId, "client_secret", app.secret().value()));
        Http.Response revoked = http.postForm(
                "/api/v3/oauth/revoke",
                Http.form("client_id", clientId, "client_secret", app.secret().value(), "token", access));
        Http.Response wrongSecret = http.postForm(
                "/api/v3/oauth/introspect",
                Http.form("client_id", clientId, "client_secret", other.secret().value(), "token", access));

        assertThat(live.get("active").asBoolean()).isTrue();
        assertThat(missingToken.status()).isEqualTo(400);
        assertThat(missingToken.json().get("error").asString()).isEqualTo("invalid_request");
        assertThat(missingToken.header("Cache-Control")).contains("no-store");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(athlete(access)).isEqualTo(401);
        assertBasicChallenge(wrongSecret);
    }

    @Test
    void revoke_accessToken_killsThatTokenOnly_theRefreshTokenStillWorks() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");

        Http.Response response = revoke(app, tokens.get("access_token").asString());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(athlete(tokens.get("access_token").asString())).isEqualTo(401);
        assertThat(Flows.refresh(server, app, tokens.get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void revoke_refreshToken_revokesTheWholeGrant() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");

        Http.Response response = revoke(app, tokens.get("refresh_token").asString());

        assertThat(response.status()).isEqualTo(200);
        assertThat(athlete(tokens.get("access_token").asString())).isEqualTo(401);
        assertThat(Flows.refresh(server, app, tokens.get("refresh_token").asString())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void revoke_refreshTokenJustRotatedAway_insideTheRetryWindow_revokesTheWholeGrant() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String old = tokens.get("refresh_token").asString();
        JsonNode rotated = Flows.refresh(server, app, old).json();

        Http.Response response = revoke(app, old);

        assertThat(response.status()).isEqualTo(200);
        assertThat(Flows.refresh(server, app, old).status()).isEqualTo(400);
        assertThat(Flows.refresh(server, app, rotated.get("refresh_token").asString())
                        .status())
                .isEqualTo(400);
        assertThat(athlete(tokens.get("access_token").asString())).isEqualTo(401);
        assertThat(athlete(rotated.get("access_token").asString())).isEqualTo(401);
    }

    @Test
    void revoke_refreshTokenRotatedAwayOutsideTheRetryWindow_is200_andLeavesTheGrantAlone() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String old = tokens.get("refresh_token").asString();
        JsonNode rotated = Flows.refresh(server, app, old).json();
        server.clock().advance(Duration.ofMinutes(2));

        Http.Response response = revoke(app, old);

        assertThat(response.status()).isEqualTo(200);
        assertThat(athlete(rotated.get("access_token").asString())).isEqualTo(200);
        assertThat(Flows.refresh(server, app, rotated.get("refresh_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void revoke_anotherAppsToken_isRefusedWithUnauthorizedClient_andTheTokenLives() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");

        Http.Response response = revoke(other, tokens.get("access_token").asString());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("unauthorized_client");
        assertThat(athlete(tokens.get("access_token").asString())).isEqualTo(200);
    }

    @Test
    void revoke_unknownOrMalformedToken_is200_asRfc7009Says() {
        assertThat(revoke(app, "0".repeat(40)).status()).isEqualTo(200);
        assertThat(revoke(app, "not a token").status()).isEqualTo(200);
    }

    @Test
    void revoke_withoutToken_isInvalidRequest_andWithAWrongSecret_isInvalidClient() {
        Http.Response missing = http.postForm(
                "/oauth/revoke",
                Http.form(
                        "client_id",
                        app.app().clientId().toString(),
                        "client_secret",
                        app.secret().value()));
        Http.Response wrongSecret = http.postForm(
                "/oauth/revoke",
                Http.form(
                        "client_id", app.app().clientId().toString(),
                        "client_secret", other.secret().value(),
                        "token", "0".repeat(40)));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asString()).isEqualTo("invalid_request");
        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(wrongSecret.header("WWW-Authenticate")).isEmpty();
        assertThat(wrongSecret.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(missing.header("Cache-Control")).contains("no-store");
    }

    @Test
    void revoke_withAWrongSecretAsBasic_is401InvalidClient_withABasicChallenge_andTheTokenLives() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");

        Http.Response response = http.postForm(
                "/oauth/revoke",
                Http.form("token", tokens.get("access_token").asString()),
                "Authorization",
                TokenEndpointTest.basic(
                        app.app().clientId().toString(), other.secret().value()));

        assertBasicChallenge(response);
        assertThat(athlete(tokens.get("access_token").asString())).isEqualTo(200);
    }

    @Test
    void introspect_ownToken_tellsScopeClientSubjectAndTimes() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read,activity:read");

        JsonNode answer = introspect(
                        app.app().clientId().toString(),
                        app.secret().value(),
                        tokens.get("access_token").asString())
                .json();

        assertThat(answer.get("active").asBoolean()).isTrue();
        assertThat(answer.get("scope").asString()).isEqualTo("read activity:read");
        assertThat(answer.get("client_id").asString())
                .isEqualTo(app.app().clientId().toString());
        assertThat(answer.get("sub").asString())
                .isEqualTo(tokens.get("athlete").get("id").asString());
        assertThat(answer.get("exp").asLong())
                .isEqualTo(tokens.get("expires_at").asLong());
        assertThat(answer.get("iat").asLong()).isEqualTo(TestServer.START.getEpochSecond());
        assertThat(answer.get("token_type").asString()).isEqualTo("Bearer");
    }

    @Test
    void introspect_anotherAppsToken_byAnApp_isJustInactive() {
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");

        Http.Response response = introspect(
                other.app().clientId().toString(),
                other.secret().value(),
                tokens.get("access_token").asString());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void introspect_byAResourceServer_seesAnyToken_untilItIsDeauthorizedOrExpires() {
        ResourceServerService.Created api =
                server.switchback().resourceServers().create("Orders API");
        JsonNode tokens = Flows.tokens(server, app, "marianne", "read");
        String access = tokens.get("access_token").asString();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((api.server().id().clientId() + ":"
                                        + api.secret().value())
                                .getBytes(StandardCharsets.UTF_8));

        JsonNode live = http.postForm("/oauth/introspect", Http.form("token", access), "Authorization", basic)
                .json();
        server.clock().advance(Duration.ofHours(7));
        String expired = http.postForm("/oauth/introspect", Http.form("token", access), "Authorization", basic)
                .body();

        assertThat(live.get("active").asBoolean()).isTrue();
        assertThat(live.get("client_id").asString())
                .isEqualTo(app.app().clientId().toString());
        assertThat(expired).isEqualTo("{\"active\":false}");
    }

    @Test
    void introspect_afterDeauthorize_isInactive() {
        ResourceServerService.Created api =
                server.switchback().resourceServers().create("Orders API");
        String access = Flows.tokens(server, app, "marianne", "read")
                .get("access_token")
                .asString();
        http.postForm("/oauth/deauthorize", Http.form("access_token", access));

        Http.Response response =
                introspect(api.server().id().clientId(), api.secret().value(), access);

        assertThat(response.body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void introspect_byAResourceServerWithAWrongSecret_is401InvalidClient_withABasicChallenge() {
        ResourceServerService.Created api =
                server.switchback().resourceServers().create("Orders API");

        Http.Response response =
                introspect(api.server().id().clientId(), app.secret().value(), "0".repeat(40));

        assertBasicChallenge(response);
        assertThat(response.body()).doesNotContain(app.secret().value());
    }

    @Test
    void introspect_byAnAppWithAWrongSecret_asParameterOrAsBasic_is401InvalidClient_withABasicChallenge() {
        String access = Flows.tokens(server, app, "marianne", "read")
                .get("access_token")
                .asString();

        Http.Response asParameter =
                introspect(app.app().clientId().toString(), other.secret().value(), access);
        Http.Response asBasic = http.postForm(
                "/oauth/introspect",
                Http.form("token", access),
                "Authorization",
                TokenEndpointTest.basic(
                        app.app().clientId().toString(), other.secret().value()));

        assertBasicChallenge(asParameter);
        assertBasicChallenge(asBasic);
    }

    /** RFC 6749 §5.2 and RFC 7662 §2.3: a failed client authentication, answered with a challenge. */
    private static void assertBasicChallenge(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("Basic realm=\"switchback\"");
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(response.json().get("errors").get(0).get("resource").asString())
                .isEqualTo("Application");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    private Http.Response revoke(AppService.CreatedApp client, String token) {
        return http.postForm(
                "/oauth/revoke",
                Http.form(
                        "client_id", client.app().clientId().toString(),
                        "client_secret", client.secret().value(),
                        "token", token));
    }

    private Http.Response introspect(String clientId, String secret, String token) {
        return http.postForm(
                "/oauth/introspect", Http.form("client_id", clientId, "client_secret", secret, "token", token));
    }

    private int athlete(String access) {
        return http.get("/api/v3/athlete", "Authorization", "Bearer " + access).status();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }
}
