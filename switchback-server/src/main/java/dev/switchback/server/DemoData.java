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

    /**
     * What was created, with the secrets that exist only here. The password is empty when the athlete was made by
     * an earlier start that stopped before the app (see {@link #createIfEmpty}): it was never shown, and is not
     * changed here.
     */
    public record Created(Athlete athlete, Optional<String> password, AppService.CreatedApp app) {
        /** A ready-to-open authorize URL for the demo app on the server at {@code baseUrl}. */
        public String authorizeUrl(String baseUrl) {
            return baseUrl + "/oauth/authorize?client_id=" + app.app().clientId()
                    + "&redirect_uri=" + DEMO_REDIRECT.replace(":", "%3A").replace("/", "%2F")
                    + "&response_type=code&approval_prompt=force&scope=read,activity:read_all,profile:read_all";
        }
    }

    /**
     * Creates the demo data if the database holds no app and no athlete; empty otherwise. The demo is made in
     * several transactions (the athlete, the routes and activities, then the app), so a first start stopped half
     * way leaves the demo athlete alone in a database with no app; the next start finishes it with the app,
     * leaving the athlete as it is.
     */
    public static Optional<Created> createIfEmpty(Switchback switchback) {
        if (!switchback.apps().list().isEmpty()) {
            return Optional.empty();
        }
        List<Athlete> athletes = switchback.athletes().list();
        if (athletes.isEmpty()) {
            String password = new TokenGenerator().next().value().substring(0, 16);
            Athlete athlete = switchback
                    .athletes()
                    .create(new NewAthlete(DEMO_USERNAME, "Demo", "Athlete", password.toCharArray()));
            DemoRoutesAndSegments.create(switchback, athlete);
            DemoActivities.create(switchback, athlete);
            return Optional.of(new Created(athlete, Optional.of(password), demoApp(switchback)));
        }
        if (athletes.size() == 1 && isDemoAthlete(athletes.get(0))) {
            return Optional.of(new Created(athletes.get(0), Optional.empty(), demoApp(switchback)));
        }
        return Optional.empty();
    }

    private static boolean isDemoAthlete(Athlete athlete) {
        return athlete.username().equals(DEMO_USERNAME)
                && athlete.firstname().equals("Demo")
                && athlete.lastname().equals("Athlete");
    }

    private static AppService.CreatedApp demoApp(Switchback switchback) {
        return switchback
                .apps()
                .create(
                        "Switchback Demo",
                        "localhost",
                        Optional.of(DEMO_USERNAME),
                        AppService.DEFAULT_ATHLETE_CAPACITY,
                        List.of(DEMO_REDIRECT, LOGIN_REDIRECT));
    }
}
