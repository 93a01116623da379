package dev.switchback.api.geo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.api.activity.StartTime;
import dev.switchback.testing.UnitTest;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** contract#activity-time-zone: the region's zone by the map, Strava's label, the offset of the date. */
@UnitTest
class TimeZonesTest {
    @ParameterizedTest
    @CsvSource({
        "37.7541, -122.4475, America/Los_Angeles",
        "45.0, 6.0, Europe/Paris",
        "52.518424, 13.404776, Europe/Berlin",
        "35.68, 139.76, Asia/Tokyo",
        "-33.8885, 151.1908, Australia/Sydney",
        "0.0, -30.0, Etc/GMT+2"
    })
    void aPosition_isInItsRegionsZone(double latitude, double longitude, String zone) {
        assertThat(TimeZones.shared().at(latitude, longitude)).contains(ZoneId.of(zone));
    }

    @ParameterizedTest
    @CsvSource({"2026-01-15T17:00:00Z, -28800, 2026-01-15T09:00", "2026-07-15T17:00:00Z, -25200, 2026-07-15T10:00"})
    void inSanFrancisco_theLabelIsStravas_andTheOffsetIsTheDates(String instant, int offset, String local) {
        StartTime start = new StartTime(Instant.parse(instant), StartTime.zoneAt(37.7541, -122.4475));

        assertThat(start.timezoneLabel()).isEqualTo("(GMT-08:00) America/Los_Angeles");
        assertThat(start.utcOffsetSeconds()).isEqualTo(offset);
        assertThat(start.local()).hasToString(local);
    }
}
