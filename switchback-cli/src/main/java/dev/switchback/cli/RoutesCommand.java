package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.api.route.GpxRoute;
import dev.switchback.api.route.NewRoute;
import dev.switchback.api.route.Route;
import dev.switchback.api.route.RouteSubType;
import dev.switchback.api.route.RouteType;
import dev.switchback.athlete.Athlete;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchback routes}: athletes' planned routes. */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = "Manage athletes' routes.",
        subcommands = {RoutesCommand.Import.class})
final class RoutesCommand extends GroupCommand {
    /** Larger than any route planner's export; a bigger file is refused before it is read. */
    static final long MAX_FILE_BYTES = 50L * 1024 * 1024;

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Create a route for an athlete from a GPX file (its <rte> points, else its <trk> points).")
    static final class Import extends DatabaseCommand {
        @Parameters(paramLabel = "FILE.gpx", description = "The GPX file.")
        Path file;

        @Option(
                names = "--athlete",
                required = true,
                paramLabel = "U",
                description = "The username of the route's owner.")
        String athlete;

        @Option(names = "--private", description = "Make the route private (only its owner sees it, with read_all).")
        boolean isPrivate;

        @Option(
                names = "--name",
                paramLabel = "N",
                description = "The route's name (default: the file's, else the file name).")
        String name;

        @Option(
                names = "--type",
                paramLabel = "T",
                defaultValue = "ride",
                description = "ride or run (default: ${DEFAULT-VALUE}).")
        String type;

        @Override
        public void run() {
            RouteType routeType = switch (type) {
                case "ride" -> RouteType.RIDE;
                case "run" -> RouteType.RUN;
                default -> throw new IllegalArgumentException("--type must be ride or run (got '" + type + "')");
            };
            GpxRoute gpx = read(file);
            try (Switchback switchback = open()) {
                Athlete owner = switchback
                        .athletes()
                        .findByUsername(athlete)
                        .orElseThrow(() -> new IllegalArgumentException("no athlete with username '" + athlete + "'"));
                String routeName = name != null
                        ? name
                        : gpx.name().orElse(file.getFileName().toString().replaceFirst("\\.gpx$", ""));
                NewRoute route = new NewRoute(
                        owner.id(),
                        routeName,
                        "",
                        routeType,
                        routeType == RouteType.RUN ? RouteSubType.TRAIL : RouteSubType.ROAD,
                        isPrivate,
                        gpx.points(),
                        List.of());
                print(spec.commandLine().getOut(), switchback.routes().create(route));
            }
        }

        private static GpxRoute read(Path file) {
            return GpxRoute.read(new ByteArrayInputStream(InputFiles.read(file, MAX_FILE_BYTES)));
        }

        private void print(PrintWriter out, Route route) {
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("id", route.id().value());
                object.put("name", route.name());
                object.put("private", route.isPrivate());
                object.put("distance", route.distance());
                object.put("elevation_gain", route.elevationGain());
                Output.json(out, object);
                return;
            }
            out.printf(
                    Locale.ROOT,
                    "Created %s route %d '%s' for %s: %.1f km, %.0f m of climbing.%n",
                    route.isPrivate() ? "private" : "public",
                    route.id().value(),
                    route.name(),
                    athlete,
                    route.distance() / 1000,
                    route.elevationGain());
            out.flush();
        }
    }
}
