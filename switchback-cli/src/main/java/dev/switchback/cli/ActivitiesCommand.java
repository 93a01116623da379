package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.api.Viewer;
import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.DuplicateActivityException;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.track.DataType;
import dev.switchback.api.track.TrackFormatException;
import dev.switchback.athlete.Athlete;
import dev.switchback.server.api.ActivityJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchback activities}: athletes' activities. */
@Command(
        name = "activities",
        mixinStandardHelpOptions = true,
        description = "Manage athletes' activities.",
        subcommands = {
            ActivitiesCommand.Import.class,
            ActivitiesCommand.Delete.class,
            ActivitiesCommand.SetVisibility.class
        })
final class ActivitiesCommand extends GroupCommand {
    /** Strava's uploader stops at 25 MB; so do POST /uploads and this command. */
    static final long MAX_FILE_BYTES = 25L * 1024 * 1024;

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Create an activity for an athlete from a GPX, TCX or FIT file (optionally gzipped), "
                    + "as an upload would.")
    static final class Import extends DatabaseCommand {
        @Parameters(paramLabel = "FILE", description = "The file: .gpx, .tcx or .fit, each optionally .gz.")
        Path file;

        @Option(
                names = "--athlete",
                required = true,
                paramLabel = "U",
                description = "The username of the activity's owner.")
        String athlete;

        @Option(
                names = "--visibility",
                paramLabel = "V",
                defaultValue = "everyone",
                description = "everyone, followers_only or only_me (default: ${DEFAULT-VALUE}).")
        String visibility;

        @Option(
                names = "--name",
                paramLabel = "N",
                description = "The activity's name (default: the file's, else Strava's \"Morning Ride\").")
        String name;

        @Override
        public void run() {
            Visibility chosen = Visibility.fromWireName(visibility)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--visibility must be everyone, followers_only or only_me (got '" + visibility + "')"));
            DataType type = dataType(file);
            byte[] content = InputFiles.read(file, MAX_FILE_BYTES);
            try (Switchback switchback = open()) {
                Athlete owner = switchback
                        .athletes()
                        .findByUsername(athlete)
                        .orElseThrow(() -> new IllegalArgumentException("no athlete with username '" + athlete + "'"));
                TrackImport details = new TrackImport(
                        Optional.ofNullable(name).map(String::strip).filter(n -> !n.isEmpty()),
                        Optional.empty(),
                        chosen,
                        false,
                        false,
                        Optional.of(file.getFileName().toString()),
                        Optional.empty(),
                        Optional.empty());
                print(out(), switchback.uploads().importFile(owner.id(), content, type, details));
            } catch (TrackFormatException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            } catch (DuplicateActivityException e) {
                throw new IllegalArgumentException(file + " is a duplicate of activity " + e.existingActivityId());
            }
        }

        /** The data type from the file name: {@code ride.fit.gz} is {@code fit.gz}. */
        static DataType dataType(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (DataType type : DataType.values()) {
                if (name.endsWith("." + type.wireName())) {
                    return type;
                }
            }
            throw new IllegalArgumentException("cannot tell the format of " + file
                    + ": the name must end in .gpx, .tcx or .fit, optionally followed by .gz");
        }

        /** The API's SummaryActivity with {@code --json}, else one line. */
        private void print(PrintWriter out, Activity activity) {
            if (json) {
                Output.json(out, ActivityJson.summary(activity));
                return;
            }
            long time = activity.measures().movingTime();
            out.printf(
                    Locale.ROOT,
                    "Created activity %d '%s' for %s (%s): %.1f km in %d:%02d:%02d, %.0f m of climbing.%n",
                    activity.id().value(),
                    activity.details().name(),
                    athlete,
                    activity.details().visibility().wireName(),
                    activity.measures().distance() / 1000,
                    time / 3600,
                    time / 60 % 60,
                    time % 60,
                    activity.measures().totalElevationGain());
            out.flush();
        }
    }

    /** The activity {@code id}, whoever owns it, or a clear error. */
    static Activity existing(Switchback switchback, long id) {
        return switchback
                .activities()
                .findAny(new ActivityId(id))
                .orElseThrow(() -> new IllegalArgumentException("no activity with id " + id));
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an activity with its streams and laps; subscribed apps get a delete event.")
    static final class Delete extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The activity's id.")
        long id;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                Activity activity = existing(switchback, id);
                switchback.activities().delete(Viewer.owner(activity.athleteId()), activity.id());
            }
            if (json) {
                Output.json(out(), java.util.Map.of("id", id, "deleted", true));
            } else {
                out().printf("Deleted activity %d.%n", id);
                out().flush();
            }
        }
    }

    @Command(
            name = "visibility",
            mixinStandardHelpOptions = true,
            description = "Change who may see an activity, as its owner does on strava.com; subscribed apps hear"
                    + " of it as their scopes allow (a move to only_me is a delete without activity:read_all).")
    static final class SetVisibility extends DatabaseCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The activity's id.")
        long id;

        @Parameters(index = "1", paramLabel = "V", description = "everyone, followers_only or only_me.")
        String visibility;

        @Override
        public void run() {
            Visibility chosen = Visibility.fromWireName(visibility)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "visibility must be everyone, followers_only or only_me (got '" + visibility + "')"));
            try (Switchback switchback = open()) {
                Activity activity = existing(switchback, id);
                Activity changed =
                        switchback.activities().changeVisibility(activity.athleteId(), activity.id(), chosen);
                if (json) {
                    Output.json(out(), ActivityJson.summary(changed));
                } else {
                    out().printf("Activity %d is now %s.%n", id, chosen.wireName());
                    out().flush();
                }
            }
        }
    }
}
