package dev.switchback.server.emulator;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.ManualActivity;
import dev.switchback.api.activity.PrivacyZone;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.club.Club;
import dev.switchback.api.club.ClubSportType;
import dev.switchback.api.club.NewClub;
import dev.switchback.api.geo.GeoPoint;
import dev.switchback.api.route.GpxRoute;
import dev.switchback.api.route.NewRoute;
import dev.switchback.api.route.RouteSubType;
import dev.switchback.api.route.RouteType;
import dev.switchback.api.segment.NewSegment;
import dev.switchback.api.segment.Segment;
import dev.switchback.api.segment.SegmentActivityType;
import dev.switchback.api.track.DataType;
import dev.switchback.app.AppId;
import dev.switchback.athlete.Athlete;
import dev.switchback.athlete.NewAthlete;
import dev.switchback.fault.FaultException;
import dev.switchback.oauth.OAuthPolicy;
import dev.switchback.scope.Scope;
import dev.switchback.scope.ScopeSet;
import dev.switchback.store.DataReset;
import dev.switchback.token.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Known data for a test suite (contract#emulator-seed): athletes with passwords, apps with a fixed client id
 * and secret, grants, segments, activities (from GPX, TCX or FIT files beside the seed, or inline), routes,
 * clubs and privacy zones, read from a JSON or YAML file and checked whole before anything is written. Loaded into an
 * empty database at start, and again by {@code POST /_switchback/reset}.
 */
public final class Seed {
    /** Files beside the seed are read up to the upload limit of Strava (contract#upload-limits). */
    private static final long MAX_FILE_BYTES = 25L * 1024 * 1024;

    private static final Set<String> TOP =
            Set.of("athletes", "apps", "grants", "segments", "activities", "routes", "clubs");
    private static final Set<String> ATHLETE = Set.of("username", "firstname", "lastname", "password", "privacy_zones");
    private static final Set<String> ZONE = Set.of("lat", "lng", "radius");
    private static final Set<String> APP = Set.of(
            "client_id", "client_secret", "name", "callback_domain", "owner", "athlete_capacity", "redirect_uris");
    private static final Set<String> GRANT = Set.of("athlete", "client_id", "scope");
    private static final Set<String> MANUAL_FIELDS = Set.of(
            "name",
            "sport_type",
            "type",
            "start_date_local",
            "elapsed_time",
            "description",
            "distance",
            "trainer",
            "commute");
    private static final Set<String> ACTIVITY = union(MANUAL_FIELDS, Set.of("athlete", "file", "visibility"));
    private static final Set<String> ROUTE = Set.of("athlete", "file", "name", "private", "type");
    private static final Set<String> SEGMENT =
            Set.of("athlete", "name", "activity_type", "private", "points", "file", "starred_by");
    private static final Set<String> CLUB = Set.of("owner", "name", "sport_type", "private", "members");

    private final String source;
    private final List<Step> steps;

    private Seed(String source, List<Step> steps) {
        this.source = source;
        this.steps = steps;
    }

    /** A seed refused: {@code file:line: where what}. */
    public static final class SeedException extends IllegalArgumentException {
        public SeedException(String message) {
            super(message);
        }
    }

    /** One thing to write, with the node it came from, to name its line if writing it fails. */
    private record Step(SeedNode node, Consumer<Switchback> write) {}

    /** Reads and checks {@code file} (JSON, or YAML for {@code .yaml}/{@code .yml}); nothing is written yet. */
    public static Seed read(Path file) {
        String name = file.getFileName().toString();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SeedException(file + ": cannot read the seed file: " + e.getMessage());
        }
        SeedNode root = SeedParser.parse(content, name, SeedParser.isYaml(name));
        return new Reader(file.toAbsolutePath().getParent(), name).read(root);
    }

    /** Where it came from, for messages. */
    public String source() {
        return source;
    }

    /**
     * Writes the seed into {@code switchback}'s database, which must hold no athlete and no app. If any part
     * fails, the database is emptied again and the failure names its line: nothing is left half-written.
     */
    public void loadInto(Switchback switchback) {
        if (!switchback.athletes().isEmpty() || !switchback.apps().isEmpty()) {
            throw new SeedException(source + ": the seed is loaded into an empty database only, and "
                    + "the database holds athletes or apps"
                    + " (start on a new --database-url, or POST /_switchback/reset to return to the seed)");
        }
        write(switchback);
    }

    /** Empties the database and writes the seed again (contract#emulator-seed). */
    public void resetInto(Switchback switchback) {
        switchback.database().write(tx -> {
            DataReset.emptyAll(tx);
            return null;
        });
        write(switchback);
    }

    private void write(Switchback switchback) {
        for (Step step : steps) {
            try {
                step.write().accept(switchback);
            } catch (SeedException e) {
                emptyAfterFailure(switchback);
                throw e;
            } catch (FaultException e) {
                emptyAfterFailure(switchback);
                throw step.node().error("is refused: " + e.errors().get(0).field() + " is not valid");
            } catch (RuntimeException e) {
                emptyAfterFailure(switchback);
                throw step.node().error("is refused: " + e.getMessage());
            }
        }
    }

    private static void emptyAfterFailure(Switchback switchback) {
        switchback.database().write(tx -> {
            DataReset.emptyAll(tx);
            return null;
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Turns the nodes into steps, checking every key, value, reference and file on the way. */
    private static final class Reader {
        private final Path directory;
        private final String name;
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, SeedNode> athletes = new HashMap<>();
        private final Map<Long, SeedNode> apps = new HashMap<>();

        Reader(Path directory, String name) {
            this.directory = directory;
            this.name = name;
        }

        Seed read(SeedNode root) {
            Map<String, SeedNode> top = root.object(TOP);
            each(top, "athletes", this::athlete);
            each(top, "apps", this::app);
            each(top, "grants", this::grant);
            each(top, "segments", this::segment);
            each(top, "routes", this::route);
            each(top, "activities", this::activity);
            each(top, "clubs", this::club);
            return new Seed(name, List.copyOf(steps));
        }

        private static void each(Map<String, SeedNode> top, String key, Consumer<SeedNode> reader) {
            if (top.containsKey(key)) {
                top.get(key).list().forEach(reader);
            }
        }

        private void athlete(SeedNode node) {
            Map<String, SeedNode> fields = node.object(ATHLETE);
            String username = required(node, fields, "username").text().trim().toLowerCase(Locale.ROOT);
            if (athletes.containsKey(username)) {
                throw fields.get("username")
                        .error("'" + username + "' is declared twice (first on line "
                                + athletes.get(username).line() + ")");
            }
            NewAthlete athlete;
            try {
                athlete = new NewAthlete(
                        username,
                        required(node, fields, "firstname").text(),
                        required(node, fields, "lastname").text(),
                        required(node, fields, "password").text().toCharArray());
            } catch (IllegalArgumentException e) {
                throw node.error("is refused: " + e.getMessage());
            }
            List<PrivacyZone> zones = new ArrayList<>();
            if (fields.containsKey("privacy_zones")) {
                for (SeedNode zone : fields.get("privacy_zones").list()) {
                    Map<String, SeedNode> z = zone.object(ZONE);
                    try {
                        zones.add(new PrivacyZone(
                                required(zone, z, "lat").decimal(),
                                required(zone, z, "lng").decimal(),
                                required(zone, z, "radius").decimal()));
                    } catch (IllegalArgumentException e) {
                        throw zone.error("is refused: " + e.getMessage());
                    }
                }
            }
            athletes.put(username, node);
            steps.add(new Step(node, switchback -> {
                Athlete created = switchback
                        .athletes()
                        .create(new NewAthlete(
                                athlete.username(),
                                athlete.firstname(),
                                athlete.lastname(),
                                athlete.password().clone()));
                zones.forEach(zone -> switchback.activities().addPrivacyZone(created.id(), zone));
            }));
        }

        private void app(SeedNode node) {
            Map<String, SeedNode> fields = node.object(APP);
            SeedNode idNode = required(node, fields, "client_id");
            long clientId = idNode.number();
            if (clientId < 1) {
                throw idNode.error("must be a positive whole number");
            }
            if (apps.containsKey(clientId)) {
                throw idNode.error(clientId + " is declared twice (first on line "
                        + apps.get(clientId).line() + ")");
            }
            SeedNode secretNode = required(node, fields, "client_secret");
            Secret secret = Secret.parse(secretNode.text())
                    .orElseThrow(() -> secretNode.error("must be 40 lowercase hex characters, as Strava's are"));
            String appName = required(node, fields, "name").text();
            String domain = required(node, fields, "callback_domain").text();
            Optional<String> owner = optional(fields, "owner").map(SeedNode::text);
            owner.ifPresent(username -> athleteDeclared(fields.get("owner"), username));
            int capacity = (int) optional(fields, "athlete_capacity")
                    .map(SeedNode::number)
                    .orElse((long) dev.switchback.app.AppService.DEFAULT_ATHLETE_CAPACITY)
                    .longValue();
            List<String> redirectUris = new ArrayList<>();
            optional(fields, "redirect_uris")
                    .ifPresent(list -> list.list().forEach(uri -> redirectUris.add(uri.text())));
            apps.put(clientId, node);
            steps.add(new Step(
                    node,
                    switchback -> switchback
                            .apps()
                            .createWithClientId(
                                    new AppId(clientId), secret, appName, domain, owner, capacity, redirectUris)));
        }

        private void grant(SeedNode node) {
            Map<String, SeedNode> fields = node.object(GRANT);
            String athlete = athleteDeclared(required(node, fields, "athlete"));
            SeedNode idNode = required(node, fields, "client_id");
            long clientId = idNode.number();
            if (!apps.containsKey(clientId)) {
                throw idNode.error(clientId + " is not an app of this seed");
            }
            ScopeSet scopes;
            try {
                scopes = ScopeSet.parseRequested(
                        optional(fields, "scope").map(SeedNode::text).orElse(null));
            } catch (FaultException e) {
                throw fields.get("scope").error("names an unknown scope");
            }
            steps.add(new Step(node, switchback -> {
                Athlete found = switchback.athletes().findByUsername(athlete).orElseThrow();
                switchback
                        .tokens()
                        .grantWithoutBrowser(new AppId(clientId), found.id(), scopes, OAuthPolicy.ACCESS_TOKEN_TTL);
            }));
        }

        private void activity(SeedNode node) {
            Map<String, SeedNode> fields = node.object(ACTIVITY);
            String athlete = athleteDeclared(required(node, fields, "athlete"));
            Visibility visibility = optional(fields, "visibility")
                    .map(v -> Visibility.fromWireName(v.text())
                            .orElseThrow(() -> v.error("must be everyone, followers_only or only_me")))
                    .orElse(Visibility.EVERYONE);
            if (fields.containsKey("file")) {
                activityFromFile(node, fields, athlete, visibility);
            } else {
                manualActivity(node, fields, athlete);
            }
        }

        private void activityFromFile(
                SeedNode node, Map<String, SeedNode> fields, String athlete, Visibility visibility) {
            for (String key : fields.keySet()) {
                if (!Set.of("athlete", "file", "visibility", "name", "description", "trainer", "commute")
                        .contains(key)) {
                    throw fields.get(key).error("is not a key of an activity from a file");
                }
            }
            SeedNode fileNode = fields.get("file");
            DataType type = dataType(fileNode);
            byte[] content = file(fileNode);
            TrackImport details = new TrackImport(
                    optional(fields, "name").map(SeedNode::text),
                    optional(fields, "description").map(SeedNode::text),
                    visibility,
                    optional(fields, "trainer").map(SeedNode::bool).orElse(false),
                    optional(fields, "commute").map(SeedNode::bool).orElse(false),
                    Optional.of(fileNode.text()),
                    Optional.empty(),
                    Optional.empty());
            steps.add(new Step(node, switchback -> {
                Athlete owner = switchback.athletes().findByUsername(athlete).orElseThrow();
                try {
                    switchback.uploads().importFile(owner.id(), content, type, details);
                } catch (dev.switchback.api.track.TrackFormatException e) {
                    throw fileNode.error("cannot be read: " + e.getMessage());
                }
            }));
        }

        private void manualActivity(SeedNode node, Map<String, SeedNode> fields, String athlete) {
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, SeedNode> field : fields.entrySet()) {
                if (MANUAL_FIELDS.contains(field.getKey())) {
                    field.getValue().scalar().ifPresent(value -> params.put(field.getKey(), value));
                }
            }
            ManualActivity manual;
            try {
                manual = ManualActivity.parse((param, resource) -> Optional.ofNullable(params.get(param)));
            } catch (FaultException e) {
                String field = e.errors().get(0).field();
                throw fields.getOrDefault(field, node).error("is refused: " + field + " is missing or not valid");
            }
            steps.add(new Step(node, switchback -> {
                Athlete owner = switchback.athletes().findByUsername(athlete).orElseThrow();
                switchback.activities().createManual(new Viewer(owner.id(), allScopes()), manual);
            }));
        }

        private void route(SeedNode node) {
            Map<String, SeedNode> fields = node.object(ROUTE);
            String athlete = athleteDeclared(required(node, fields, "athlete"));
            SeedNode fileNode = required(node, fields, "file");
            if (!fileNode.text().toLowerCase(Locale.ROOT).endsWith(".gpx")) {
                throw fileNode.error("must name a .gpx file");
            }
            GpxRoute gpx;
            try (InputStream in = new ByteArrayInputStream(file(fileNode))) {
                gpx = GpxRoute.read(in);
            } catch (IOException | RuntimeException e) {
                throw fileNode.error("cannot be read as a GPX route: " + e.getMessage());
            }
            RouteType type = optional(fields, "type")
                    .map(t -> switch (t.text()) {
                        case "ride" -> RouteType.RIDE;
                        case "run" -> RouteType.RUN;
                        default -> throw t.error("must be ride or run");
                    })
                    .orElse(RouteType.RIDE);
            String routeName = optional(fields, "name")
                    .map(SeedNode::text)
                    .orElse(gpx.name().orElse(fileNode.text().replaceFirst("(?i)\\.gpx$", "")));
            boolean isPrivate = optional(fields, "private").map(SeedNode::bool).orElse(false);
            steps.add(new Step(node, switchback -> {
                Athlete owner = switchback.athletes().findByUsername(athlete).orElseThrow();
                switchback
                        .routes()
                        .create(new NewRoute(
                                owner.id(),
                                routeName,
                                "",
                                type,
                                type == RouteType.RUN ? RouteSubType.TRAIL : RouteSubType.ROAD,
                                isPrivate,
                                gpx.points(),
                                List.of()));
            }));
        }

        /**
         * A segment: its creator, name, {@code activity_type} ({@code Ride} or {@code Run}), {@code private}, and
         * its path as {@code points} ({@code [lat, lng]} or {@code [lat, lng, altitude]}) or a GPX {@code file},
         * starred by the athletes of {@code starred_by}. Written before routes and activities, so that a route
         * through it lists it and an activity along it has an effort on it, as the server's own segments do.
         */
        private void segment(SeedNode node) {
            Map<String, SeedNode> fields = node.object(SEGMENT);
            String creator = athleteDeclared(required(node, fields, "athlete"));
            String segmentName = required(node, fields, "name").text();
            SegmentActivityType type = optional(fields, "activity_type")
                    .map(t -> SegmentActivityType.fromWireName(t.text())
                            .orElseThrow(() -> t.error("must be Ride or Run")))
                    .orElse(SegmentActivityType.RIDE);
            boolean isPrivate = optional(fields, "private").map(SeedNode::bool).orElse(false);
            List<GeoPoint> points = segmentPoints(node, fields);
            List<String> starredBy = new ArrayList<>();
            optional(fields, "starred_by")
                    .ifPresent(list -> list.list().forEach(s -> {
                        String username = athleteDeclared(s);
                        if (isPrivate && !username.equals(creator)) {
                            throw s.error("'" + username + "' cannot star a private segment of '" + creator
                                    + "': only its creator sees it");
                        }
                        starredBy.add(username);
                    }));
            NewSegment segment;
            try {
                segment = NewSegment.of(segmentName, type, points);
            } catch (IllegalArgumentException e) {
                throw node.error("is refused: " + e.getMessage());
            }
            steps.add(new Step(node, switchback -> {
                Athlete owner = switchback.athletes().findByUsername(creator).orElseThrow();
                NewSegment created = segment.createdBy(owner.id());
                Segment made = switchback.segments().create(isPrivate ? created.asPrivate() : created);
                for (String username : starredBy) {
                    Athlete athlete =
                            switchback.athletes().findByUsername(username).orElseThrow();
                    switchback.segments().star(new Viewer(athlete.id(), allScopes()), made.id(), true);
                }
            }));
        }

        /** Exactly one of {@code points} and {@code file}. */
        private List<GeoPoint> segmentPoints(SeedNode node, Map<String, SeedNode> fields) {
            if (fields.containsKey("points") == fields.containsKey("file")) {
                throw node.error("needs either points or file, not both");
            }
            if (fields.containsKey("file")) {
                SeedNode fileNode = fields.get("file");
                if (!fileNode.text().toLowerCase(Locale.ROOT).endsWith(".gpx")) {
                    throw fileNode.error("must name a .gpx file");
                }
                try (InputStream in = new ByteArrayInputStream(file(fileNode))) {
                    return GpxRoute.read(in).points();
                } catch (IOException | RuntimeException e) {
                    throw fileNode.error("cannot be read as a GPX path: " + e.getMessage());
                }
            }
            List<GeoPoint> points = new ArrayList<>();
            for (SeedNode point : fields.get("points").list()) {
                List<SeedNode> numbers = point.list();
                if (numbers.size() < 2 || numbers.size() > 3) {
                    throw point.error("must be [lat, lng] or [lat, lng, altitude]");
                }
                double lat = numbers.get(0).decimal();
                double lng = numbers.get(1).decimal();
                if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
                    throw point.error("must have a latitude within -90..90 and a longitude within -180..180");
                }
                points.add(GeoPoint.of(
                        lat, lng, numbers.size() == 3 ? numbers.get(2).decimal() : Double.NaN));
            }
            return points;
        }

        private void club(SeedNode node) {
            Map<String, SeedNode> fields = node.object(CLUB);
            String owner = athleteDeclared(required(node, fields, "owner"));
            String clubName = required(node, fields, "name").text();
            ClubSportType sport = optional(fields, "sport_type")
                    .map(s -> ClubSportType.fromWireName(s.text())
                            .orElseThrow(() -> s.error("is not a club sport type of Strava")))
                    .orElse(ClubSportType.fromWireName("cycling").orElseThrow());
            boolean isPrivate = optional(fields, "private").map(SeedNode::bool).orElse(false);
            List<String> members = new ArrayList<>();
            optional(fields, "members").ifPresent(list -> list.list().forEach(m -> members.add(athleteDeclared(m))));
            steps.add(new Step(node, switchback -> {
                Athlete ownerAthlete =
                        switchback.athletes().findByUsername(owner).orElseThrow();
                Club club = switchback
                        .clubs()
                        .create(new NewClub(
                                ownerAthlete.id(),
                                clubName,
                                "",
                                sport,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                isPrivate,
                                Optional.empty()));
                for (String member : members) {
                    Athlete athlete =
                            switchback.athletes().findByUsername(member).orElseThrow();
                    if (!athlete.id().equals(ownerAthlete.id())) {
                        switchback.clubs().join(club.id(), athlete.id(), false);
                    }
                }
            }));
        }

        private String athleteDeclared(SeedNode node) {
            return athleteDeclared(node, node.text());
        }

        private String athleteDeclared(SeedNode node, String username) {
            String normal = username.trim().toLowerCase(Locale.ROOT);
            if (!athletes.containsKey(normal)) {
                throw node.error("'" + username + "' is not an athlete of this seed (athletes come first)");
            }
            return normal;
        }

        private DataType dataType(SeedNode fileNode) {
            String lower = fileNode.text().toLowerCase(Locale.ROOT);
            for (DataType type : DataType.values()) {
                if (lower.endsWith("." + type.wireName())) {
                    return type;
                }
            }
            throw fileNode.error("must end in .gpx, .tcx or .fit, optionally followed by .gz");
        }

        private byte[] file(SeedNode fileNode) {
            Path path = directory.resolve(fileNode.text()).normalize();
            try {
                if (Files.size(path) > MAX_FILE_BYTES) {
                    throw fileNode.error("is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw fileNode.error("cannot be read: " + path + " is missing or unreadable");
            }
        }

        private static SeedNode required(SeedNode node, Map<String, SeedNode> fields, String key) {
            SeedNode value = fields.get(key);
            if (value == null) {
                throw node.error("needs " + key);
            }
            return value;
        }

        private static Optional<SeedNode> optional(Map<String, SeedNode> fields, String key) {
            return Optional.ofNullable(fields.get(key));
        }

        private static ScopeSet allScopes() {
            return ScopeSet.of(EnumSet.allOf(Scope.class));
        }
    }
}
