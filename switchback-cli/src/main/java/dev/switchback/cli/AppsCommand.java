package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.app.App;
import dev.switchback.app.AppId;
import dev.switchback.app.AppService;
import dev.switchback.athlete.AthleteId;
import dev.switchback.ratelimit.RateLimits;
import dev.switchback.token.Secret;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchback apps}: client applications. */
@Command(
        name = "apps",
        mixinStandardHelpOptions = true,
        description = "Manage client applications.",
        subcommands = {
            AppsCommand.Create.class,
            AppsCommand.Update.class,
            AppsCommand.ListApps.class,
            AppsCommand.Show.class,
            AppsCommand.RotateSecret.class,
            AppsCommand.RateLimitsCommand.class,
            AppsCommand.Delete.class
        })
final class AppsCommand extends GroupCommand {

    static Map<String, Object> json(App app, Optional<String> secret, List<String> redirectUris) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", app.clientId().value());
        secret.ifPresent(s -> json.put("client_secret", s));
        json.put("name", app.name());
        json.put("callback_domain", app.callbackDomain().host());
        json.put("redirect_uris", redirectUris);
        json.put("owner_id", app.ownerId().map(AthleteId::value).orElse(null));
        json.put("athlete_capacity", app.athleteCapacity());
        json.put(
                "rate_limit",
                app.rateLimits().overall15Min() + "," + app.rateLimits().overallDaily());
        json.put(
                "read_rate_limit",
                app.rateLimits().read15Min() + "," + app.rateLimits().readDaily());
        json.put("created_at", DateTimeFormatter.ISO_INSTANT.format(app.createdAt()));
        return json;
    }

    static void printWithSecret(
            PrintWriter out, boolean asJson, AppService.CreatedApp created, List<String> redirectUris) {
        if (asJson) {
            Output.json(out, json(created.app(), Optional.of(created.secret().value()), redirectUris));
            return;
        }
        out.printf("client_id        %d%n", created.app().clientId().value());
        out.printf("client_secret    %s%n", created.secret().value());
        out.printf("name             %s%n", created.app().name());
        out.printf("callback_domain  %s%n", created.app().callbackDomain());
        printRedirectUris(out, redirectUris);
        out.println("The secret is shown only now; Switchback keeps only its digest.");
        out.flush();
    }

    private static void printRedirectUris(PrintWriter out, List<String> redirectUris) {
        for (String uri : redirectUris) {
            out.printf("redirect_uri     %s%n", uri);
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an app and print its client id and secret.")
    static final class Create extends DatabaseCommand {
        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME",
                description = "The app's name, shown on the consent page.")
        String name;

        @Option(
                names = "--callback-domain",
                required = true,
                paramLabel = "DOMAIN",
                description = "Authorization callback domain: a bare host such as example.com or localhost.")
        String callbackDomain;

        @Option(names = "--owner", paramLabel = "USERNAME", description = "The athlete who owns the app.")
        String owner;

        @Option(
                names = "--redirect-uri",
                paramLabel = "URI",
                description = "A redirect URI to register (repeat for several). The hardened profile admits only"
                        + " these, exactly; a loopback one matches on any port.")
        List<String> redirectUris = List.of();

        @Option(
                names = "--capacity",
                paramLabel = "N",
                defaultValue = "" + AppService.DEFAULT_ATHLETE_CAPACITY,
                description =
                        "How many athletes may connect (1 = Strava's Single Player Mode). Default: ${DEFAULT-VALUE}.")
        int capacity;

        @Option(
                names = "--client-id",
                paramLabel = "N",
                description = "A fixed client id, for test fixtures that hard-code it (with --client-secret).")
        Long clientId;

        @Option(
                names = "--client-secret",
                paramLabel = "S",
                description = "A fixed client secret of 40 lowercase hex characters, as Strava's (with --client-id).")
        String clientSecret;

        @Override
        public void run() {
            if ((clientId == null) != (clientSecret == null)) {
                throw new IllegalArgumentException("give --client-id and --client-secret together");
            }
            try (Switchback switchback = open()) {
                AppService.CreatedApp created = clientId == null
                        ? switchback
                                .apps()
                                .create(name, callbackDomain, Optional.ofNullable(owner), capacity, redirectUris)
                        : switchback
                                .apps()
                                .createWithClientId(
                                        new AppId(clientId),
                                        Secret.parse(clientSecret)
                                                .orElseThrow(() -> new IllegalArgumentException(
                                                        "--client-secret must be 40 lowercase hex characters")),
                                        name,
                                        callbackDomain,
                                        Optional.ofNullable(owner),
                                        capacity,
                                        redirectUris);
                printWithSecret(
                        spec.commandLine().getOut(),
                        json,
                        created,
                        switchback.apps().redirectUris(created.app().clientId()));
            }
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Replace an app's registered redirect URIs; they apply from the next authorize request.")
    static final class Update extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The app's client id.")
        long clientId;

        @Option(
                names = "--redirect-uri",
                paramLabel = "URI",
                description = "A redirect URI to register instead of the current ones (repeat for several).")
        List<String> redirectUris = List.of();

        @Option(names = "--clear-redirect-uris", description = "Register no redirect URI at all.")
        boolean clear;

        @Override
        public void run() {
            if (redirectUris.isEmpty() == !clear) {
                throw new IllegalArgumentException("give --redirect-uri (one or more) or --clear-redirect-uris");
            }
            try (Switchback switchback = open()) {
                AppId id = new AppId(clientId);
                List<String> registered = switchback.apps().setRedirectUris(id, redirectUris);
                App app = switchback.apps().find(id).orElseThrow();
                PrintWriter out = out();
                if (json) {
                    Output.json(out, json(app, Optional.empty(), registered));
                    return;
                }
                out.printf("client_id        %d%n", app.clientId().value());
                printRedirectUris(out, registered);
                out.flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List apps.")
    static final class ListApps extends DatabaseCommand {
        @Override
        public void run() {
            try (Switchback switchback = open()) {
                List<App> apps = switchback.apps().list();
                PrintWriter out = out();
                if (json) {
                    Output.json(
                            out,
                            Map.of(
                                    "apps",
                                    apps.stream()
                                            .map(app -> json(
                                                    app,
                                                    Optional.empty(),
                                                    switchback.apps().redirectUris(app.clientId())))
                                            .toList()));
                    return;
                }
                Output.table(
                        out,
                        List.of("CLIENT_ID", "NAME", "CALLBACK_DOMAIN", "CAPACITY"),
                        apps.stream()
                                .map(app -> List.of(
                                        app.clientId().toString(),
                                        app.name(),
                                        app.callbackDomain().host(),
                                        Integer.toString(app.athleteCapacity())))
                                .toList());
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one app (never its secret).")
    static final class Show extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The app's client id.")
        long clientId;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                App app = switchback
                        .apps()
                        .find(new AppId(clientId))
                        .orElseThrow(() -> new IllegalArgumentException("no app with id " + clientId));
                List<String> redirectUris = switchback.apps().redirectUris(app.clientId());
                PrintWriter out = out();
                if (json) {
                    Output.json(out, json(app, Optional.empty(), redirectUris));
                    return;
                }
                out.printf("client_id        %d%n", app.clientId().value());
                out.printf("name             %s%n", app.name());
                out.printf("callback_domain  %s%n", app.callbackDomain().host());
                printRedirectUris(out, redirectUris);
                out.printf(
                        "owner_id         %s%n",
                        app.ownerId().map(AthleteId::toString).orElse("-"));
                out.printf("athlete_capacity %d%n", app.athleteCapacity());
                out.printf(
                        "rate_limit       %d,%d (read %d,%d)%n",
                        app.rateLimits().overall15Min(),
                        app.rateLimits().overallDaily(),
                        app.rateLimits().read15Min(),
                        app.rateLimits().readDaily());
                out.flush();
            }
        }
    }

    @Command(
            name = "rotate-secret",
            mixinStandardHelpOptions = true,
            description = "Replace an app's secret; the old one stops working at once.")
    static final class RotateSecret extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The app's client id.")
        long clientId;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                AppService.CreatedApp rotated = switchback.apps().rotateSecret(new AppId(clientId));
                printWithSecret(
                        spec.commandLine().getOut(),
                        json,
                        rotated,
                        switchback.apps().redirectUris(rotated.app().clientId()));
            }
        }
    }

    @Command(
            name = "rate-limits",
            mixinStandardHelpOptions = true,
            description = "Show or set an app's rate limits (Strava's defaults: overall 200,2000; read 100,1000).")
    static final class RateLimitsCommand extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The app's client id.")
        long clientId;

        @Option(names = "--overall", paramLabel = "15MIN,DAILY", description = "Limit of all requests, e.g. 200,2000.")
        String overall;

        @Option(
                names = "--read",
                paramLabel = "15MIN,DAILY",
                description = "Limit of requests other than uploads, e.g. 100,1000.")
        String read;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                App app = switchback
                        .apps()
                        .find(new AppId(clientId))
                        .orElseThrow(() -> new IllegalArgumentException("no app with id " + clientId));
                if (overall != null || read != null) {
                    RateLimits current = app.rateLimits();
                    int[] o = overall == null
                            ? new int[] {current.overall15Min(), current.overallDaily()}
                            : RateLimits.parsePair("--overall", overall);
                    int[] r = read == null
                            ? new int[] {current.read15Min(), current.readDaily()}
                            : RateLimits.parsePair("--read", read);
                    app = switchback.apps().setRateLimits(new AppId(clientId), new RateLimits(o[0], o[1], r[0], r[1]));
                }
                PrintWriter out = out();
                if (json) {
                    Output.json(
                            out, json(app, Optional.empty(), switchback.apps().redirectUris(app.clientId())));
                    return;
                }
                out.printf(
                        "rate_limit       %d,%d%n",
                        app.rateLimits().overall15Min(), app.rateLimits().overallDaily());
                out.printf(
                        "read_rate_limit  %d,%d%n",
                        app.rateLimits().read15Min(), app.rateLimits().readDaily());
                out.flush();
            }
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an app with every grant and token issued to it.")
    static final class Delete extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The app's client id.")
        long clientId;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                switchback.apps().delete(new AppId(clientId));
                PrintWriter out = out();
                if (json) {
                    Output.json(out, Map.of("client_id", clientId, "deleted", true));
                } else {
                    out.println("Deleted app " + clientId + ".");
                    out.flush();
                }
            }
        }
    }
}
