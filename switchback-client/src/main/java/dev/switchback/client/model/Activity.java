package dev.switchback.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Strava's SummaryActivity ({@code resource_state} 2, the items of {@code GET /athlete/activities}) and
 * DetailedActivity (3, {@code GET /activities/{id}}). The detailed-only fields are empty in a summary (lists
 * empty); power, heart rate and altitude fields are empty when the recording had none, as on Strava.
 *
 * @param resourceState              2 (summary) or 3 (detailed)
 * @param athlete                    the owner
 * @param name                       its name
 * @param distance                   metres
 * @param movingTime                 seconds
 * @param elapsedTime                seconds
 * @param totalElevationGain         metres
 * @param type                       the ActivityType (deprecated by Strava for {@code sport_type})
 * @param sportType                  the SportType, e.g. {@code Ride}, {@code TrailRun}
 * @param workoutType                Strava's workout type
 * @param id                         the activity's id
 * @param startDate                  when it started
 * @param startDateLocal             when it started, on the clock where it was done
 * @param timezone                   e.g. {@code (GMT+01:00) Europe/Paris}
 * @param utcOffset                  seconds
 * @param locationCity               city
 * @param locationState              state or region
 * @param locationCountry            country
 * @param achievementCount           achievements
 * @param kudosCount                 kudos
 * @param commentCount               comments
 * @param athleteCount               athletes together
 * @param photoCount                 Instagram photos
 * @param map                        its path (the full polyline when detailed)
 * @param trainer                    indoors
 * @param commute                    a commute
 * @param manual                     entered by hand
 * @param isPrivate                  Only Me ({@code private} on the wire)
 * @param visibility                 {@code everyone}, {@code followers_only} or {@code only_me}
 * @param flagged                    flagged
 * @param gearId                     the gear used
 * @param startLatlng                latitude and longitude of the start, empty without
 * @param endLatlng                  latitude and longitude of the end, empty without
 * @param averageSpeed               metres per second
 * @param maxSpeed                   metres per second
 * @param averageCadence             when recorded
 * @param averageWatts               when recorded
 * @param kilojoules                 when there are watts
 * @param deviceWatts                whether the watts came from a power meter
 * @param maxWatts                   when recorded
 * @param weightedAverageWatts       when recorded
 * @param hasHeartrate               whether heart rate was recorded
 * @param averageHeartrate           when recorded
 * @param maxHeartrate               when recorded
 * @param heartrateOptOut            the athlete hides heart rate
 * @param displayHideHeartrateOption whether the hide option shows
 * @param elevHigh                   metres, when recorded
 * @param elevLow                    metres, when recorded
 * @param uploadId                   the upload that made it
 * @param uploadIdStr                the same, as a string
 * @param externalId                 the upload's external id
 * @param fromAcceptedTag            from an accepted tag
 * @param prCount                    personal records
 * @param totalPhotoCount            photos
 * @param hasKudoed                  whether the authenticated athlete gave kudos
 * @param deviceName                 the recording device
 * @param description                detailed only
 * @param calories                   detailed only: kilocalories
 * @param perceivedExertion          detailed only
 * @param preferPerceivedExertion    detailed only
 * @param segmentEfforts             detailed only
 * @param splitsMetric               detailed only: per kilometre (none for a manual activity)
 * @param splitsStandard             detailed only: per mile (none for a manual activity)
 * @param laps                       detailed only (none for a manual activity)
 * @param bestEfforts                detailed only: a run's fastest 400 m, 1 km, mile...
 * @param photos                     detailed only
 * @param statsVisibility            detailed only: who sees which figure
 * @param hideFromHome               detailed only: muted from feeds
 * @param availableZones             detailed only
 */
public record Activity(
        int resourceState,
        Optional<MetaAthlete> athlete,
        Optional<String> name,
        double distance,
        int movingTime,
        int elapsedTime,
        double totalElevationGain,
        Optional<String> type,
        Optional<String> sportType,
        OptionalInt workoutType,
        long id,
        Optional<Instant> startDate,
        Optional<LocalDateTime> startDateLocal,
        Optional<String> timezone,
        OptionalDouble utcOffset,
        Optional<String> locationCity,
        Optional<String> locationState,
        Optional<String> locationCountry,
        int achievementCount,
        int kudosCount,
        int commentCount,
        int athleteCount,
        int photoCount,
        Optional<PolylineMap> map,
        boolean trainer,
        boolean commute,
        boolean manual,
        @JsonProperty("private") boolean isPrivate,
        Optional<String> visibility,
        boolean flagged,
        Optional<String> gearId,
        List<Double> startLatlng,
        List<Double> endLatlng,
        double averageSpeed,
        double maxSpeed,
        OptionalDouble averageCadence,
        OptionalDouble averageWatts,
        OptionalDouble kilojoules,
        Optional<Boolean> deviceWatts,
        OptionalInt maxWatts,
        OptionalInt weightedAverageWatts,
        boolean hasHeartrate,
        OptionalDouble averageHeartrate,
        OptionalDouble maxHeartrate,
        boolean heartrateOptOut,
        boolean displayHideHeartrateOption,
        OptionalDouble elevHigh,
        OptionalDouble elevLow,
        OptionalLong uploadId,
        Optional<String> uploadIdStr,
        Optional<String> externalId,
        boolean fromAcceptedTag,
        int prCount,
        int totalPhotoCount,
        boolean hasKudoed,
        Optional<String> deviceName,
        Optional<String> description,
        OptionalDouble calories,
        OptionalDouble perceivedExertion,
        Optional<Boolean> preferPerceivedExertion,
        List<SegmentEffort> segmentEfforts,
        List<Split> splitsMetric,
        List<Split> splitsStandard,
        List<Lap> laps,
        List<SegmentEffort> bestEfforts,
        Optional<Photos> photos,
        List<StatVisibility> statsVisibility,
        Optional<Boolean> hideFromHome,
        List<String> availableZones) {
    /** Absent lists become empty ones. */
    public Activity {
        startLatlng = Lists.orEmpty(startLatlng);
        endLatlng = Lists.orEmpty(endLatlng);
        segmentEfforts = Lists.orEmpty(segmentEfforts);
        splitsMetric = Lists.orEmpty(splitsMetric);
        splitsStandard = Lists.orEmpty(splitsStandard);
        laps = Lists.orEmpty(laps);
        bestEfforts = Lists.orEmpty(bestEfforts);
        statsVisibility = Lists.orEmpty(statsVisibility);
        availableZones = Lists.orEmpty(availableZones);
    }

    /**
     * Strava's PhotosSummary.
     *
     * @param count   how many photos
     * @param primary the primary photo's URLs, when there is one (kept as Strava sends them)
     */
    public record Photos(int count, Optional<tools.jackson.databind.JsonNode> primary) {}

    /**
     * Who sees one figure of the activity.
     *
     * @param type       {@code heart_rate}, {@code pace}, {@code power}, {@code speed} or {@code calories}
     * @param visibility e.g. {@code everyone}
     */
    public record StatVisibility(String type, String visibility) {}
}
