package dev.switchback.server;

import dev.switchback.Switchback;
import dev.switchback.app.AppService;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.token.TokenGenerator;
import java.util.List;
import java.util.Optional;

/** The demo app and athlete created on the first start with an empty database. */
public final class DemoData {
    public static final String DEMO_USERNAME = "demo";
    public static final String DEMO_REDIRECT = "http://localhost/exchange_token";
    /** Where {@code switchback login} listens (any port of loopback matches it). */
    public static final String LOGIN_REDIRECT = "http://127.0.0.1/callback";

    private DemoData() {}

    /** What was created, with the secrets that exist only here. */
    public record Created(Athlete athlete, String password, AppService.CreatedApp app) {
        /** A ready-to-open authorize URL for the demo app on the server at {@code baseUrl}. */
        public String authorizeUrl(String baseUrl) {
            return baseUrl + "/oauth/authorize?client_id=" + app.app().clientId()
                    + "&redirect_uri=" + DEMO_REDIRECT.replace(":", "%3A").replace("/", "%2F")
                    + "&response_type=code&approval_prompt=force&scope=read,activity:read_all,profile:read_all";
        }
    }

    /** Creates the demo data if the database holds no app and no athlete; empty otherwise. */
    public static Optional<Created> createIfEmpty(Switchback switchback) {
        if (!switchback.apps().list().isEmpty() || !switchback.athletes().list().isEmpty()) {
            return Optional.empty();
        }
        String password = new TokenGenerator().next().value().substring(0, 16);
        Athlete athlete =
                switchback.athletes().create(new NewAthlete(DEMO_USERNAME, "Demo", "Athlete", password.toCharArray()));
        DemoRoutesAndSegments.create(switchback, athlete);
        DemoActivities.create(switchback, athlete);
        AppService.CreatedApp app = switchback
                .apps()
                .create(
                        "Switchback Demo",
                        "localhost",
                        Optional.of(DEMO_USERNAME),
                        AppService.DEFAULT_ATHLETE_CAPACITY,
                        List.of(DEMO_REDIRECT, LOGIN_REDIRECT));
        return Optional.of(new Created(athlete, password, app));
    }
}
