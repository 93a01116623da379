package dev.switchback.api.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchback.api.testing.TestTracks;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackPoint;
import dev.switchback.testing.UnitTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What Switchback measures of a track. */
@UnitTest
class TrackAnalysisTest {
    private static final Instant START = Instant.parse("2026-03-01T07:00:00Z");

    @Test
    void distance_withoutDeviceDistances_isSummedFromPositions() {
        Recording recording = TrackAnalysis.analyse(TestTracks.line(START, 45, 6, 45.01, 6, 100, 0, 0));

        assertThat(recording.measures().distance()).isCloseTo(1111.95, within(0.5));
        assertThat(recording.measures().movingTime()).isEqualTo(100);
        assertThat(recording.measures().maxSpeed()).isCloseTo(11.12, within(0.05));
    }

    @Test
    void deviceDistances_winOverPositions_andStartFromZero() {
        List<TrackPoint> points = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            points.add(point(i, 45, 6, 0, 500 + i * 10.0));
        }

        Recording recording = TrackAnalysis.analyse(track(points));

        assertThat(recording.measures().distance()).isEqualTo(100);
        assertThat(recording.streams().orElseThrow().column(StreamType.DISTANCE).orElseThrow()[0])
                .isZero();
    }

    @Test
    void stoppedTime_isNotMovingTime() {
        List<TrackPoint> points = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            points.add(point(i, 45 + i * 5e-5, 6, 0, Double.NaN));
        }
        for (int i = 61; i <= 120; i++) {
            points.add(point(i, 45 + 60 * 5e-5 + (i % 2) * 1e-6, 6, 0, Double.NaN));
        }

        Recording recording = TrackAnalysis.analyse(track(points));

        assertThat(recording.measures().elapsedTime()).isEqualTo(120);
        assertThat(recording.measures().movingTime()).isEqualTo(60);
    }

    @Test
    void elevationGain_ignoresWobblesBelowTheNoiseThreshold_andCountsRealClimbs() {
        double[] noisy = new double[200];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = 100 + (i % 2 == 0 ? 0 : 2.5);
        }
        double[] hills = {100, 110, 120, 110, 100, 105, 130, 129, 131};

        assertThat(TrackAnalysis.elevationGain(noisy, 0, noisy.length - 1)).isZero();
        assertThat(TrackAnalysis.elevationGain(hills, 0, hills.length - 1)).isEqualTo(20 + 31);
    }

    @Test
    void laps_comeFromTheFile_byTime() {
        Track line = TestTracks.line(START, 45, 6, 45.01, 6, 100, 0, 0);
        Track withLaps = new Track(
                line.points(),
                List.of(
                        new Track.Lap(START, START.plusSeconds(40)),
                        new Track.Lap(START.plusSeconds(40), START.plusSeconds(100))),
                line.sport(),
                line.name(),
                line.device());

        List<Lap> laps = TrackAnalysis.analyse(withLaps).laps();

        assertThat(laps)
                .extracting(Lap::lapIndex, Lap::startIndex, Lap::endIndex, Lap::elapsedTime)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 0, 40, 40L),
                        org.assertj.core.groups.Tuple.tuple(2, 40, 100, 60L));
    }

    @Test
    void aTrackWithoutPositions_hasNoMapAndNoLatLngStream() {
        List<TrackPoint> points = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            points.add(point(i, Double.NaN, Double.NaN, 0, i * 5.0));
        }

        Recording recording = TrackAnalysis.analyse(track(points));

        assertThat(recording.map()).isEqualTo(ActivityMap.NONE);
        assertThat(recording.streams().orElseThrow().latitude()).isEmpty();
        assertThat(recording.start().zone().getId()).isEqualTo("Z");
    }

    @Test
    void theTimeZone_isTheRegionsByTheMap() {
        Recording recording = TrackAnalysis.analyse(TestTracks.line(START, 35.68, 139.76, 35.69, 139.77, 10, 0, 0));

        assertThat(recording.start().timezoneLabel()).isEqualTo("(GMT+09:00) Asia/Tokyo");
        assertThat(recording.start().utcOffsetSeconds()).isEqualTo(9 * 3600);
        assertThat(ActivityService.defaultName(recording.start(), SportType.MountainBikeRide))
                .isEqualTo("Afternoon Mountain Bike Ride");
    }

    private static TrackPoint point(int second, double lat, double lng, double altitude, double distance) {
        return new TrackPoint(
                START.plusSeconds(second), lat, lng, altitude, distance, Double.NaN, Double.NaN, Double.NaN);
    }

    private static Track track(List<TrackPoint> points) {
        return new Track(points, List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
