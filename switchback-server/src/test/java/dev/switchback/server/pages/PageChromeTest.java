package dev.switchback.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Browser;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.testing.HttpTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every page shares (contract#pages): the product name of pages.product-name, lang, the favicon. */
@HttpTest
class PageChromeTest {
    @Test
    void everyPage_namesTheProductOfTheSetting_inItsTitleHeaderAndConsent() {
        try (TestServer server = TestServer.start(Map.of("pages.product-name", "Trailhead"))) {
            server.createAthlete("marianne");
            var app = server.createApp("Training Log", "localhost");

            Http.Response login = server.http().get("/login");
            assertThat(login.body())
                    .contains("<html lang=\"en\">")
                    .contains("<title>Log in | Trailhead</title>")
                    .contains("<h1>Log in to Trailhead</h1>")
                    .doesNotContain("Switchback");
            Browser marianne = new Browser(server, "marianne").logIn();
            Http.Response consent =
                    marianne.authorize(Flows.authorizePath(app.app().clientId(), "read"));
            assertThat(consent.body())
                    .contains("<title>Authorize Training Log | Trailhead</title>")
                    .contains("Authorize Training Log to connect to Trailhead")
                    .doesNotContain("Switchback");
            assertThat(marianne.http().get("/settings/api").body())
                    .contains("<title>My API Application | Trailhead</title>")
                    .doesNotContain("Switchback");
        }
    }

    @Test
    void favicon_isASmallSvg_withTheSecurityHeaders_andEveryPageLinksIt() {
        try (TestServer server = TestServer.start()) {
            for (String path : new String[] {"/favicon.svg", "/favicon.ico"}) {
                Http.Response icon = server.http().get(path);

                assertThat(icon.status()).isEqualTo(200);
                assertThat(icon.header("Content-Type").orElseThrow()).startsWith("image/svg+xml");
                assertThat(icon.body()).startsWith("<svg").hasSizeLessThan(400);
                assertThat(icon.header("X-Content-Type-Options")).contains("nosniff");
            }
            assertThat(server.http().get("/login").body())
                    .contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">");
        }
    }

    @Test
    void pages_keepTheContentPolicy_thatAllowsNoScript() {
        try (TestServer server = TestServer.start()) {
            server.createAthlete("marianne");
            Browser marianne = new Browser(server, "marianne").logIn();

            for (String path : new String[] {"/settings/apps", "/settings/api"}) {
                Http.Response page = marianne.http().get(path);
                assertThat(page.header("Content-Security-Policy").orElseThrow())
                        .startsWith("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;")
                        .doesNotContain("script-src");
                assertThat(page.header("X-Frame-Options")).contains("DENY");
                assertThat(page.body()).doesNotContain("<script");
            }
        }
    }
}
