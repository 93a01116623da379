package dev.switchback.api.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading a planned route from GPX: route points first, else track points; hostile files only fail. */
@UnitTest
class GpxRouteTest {
    private static GpxRoute read(String gpx) {
        return GpxRoute.read(new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void read_aRouteExport_takesTheRtePointsAndName() {
        GpxRoute route = read("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="planner" xmlns="http://www.topografix.com/GPX/1/1">
                  <metadata><name>File name</name></metadata>
                  <wpt lat="1" lon="1"><name>Cafe</name></wpt>
                  <rte><name>Hawk Hill</name>
                    <rtept lat="37.8326" lon="-122.4830"><ele>62</ele><name>start</name></rtept>
                    <rtept lat="37.8265" lon="-122.4990"/>
                  </rte>
                  <trk><name>Other</name><trkseg><trkpt lat="0" lon="0"/><trkpt lat="0" lon="1"/><trkpt lat="0" lon="2"/></trkseg></trk>
                </gpx>""");

        assertThat(route.name()).contains("Hawk Hill");
        assertThat(route.points()).hasSize(2);
        assertThat(route.points().get(0).altitude()).isEqualTo(62.0);
        assertThat(route.points().get(1).hasAltitude()).isFalse();
    }

    @Test
    void read_aTrackOnlyFile_takesTheTrackPoints() {
        GpxRoute route = read("""
                <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Loop</name><trkseg>
                <trkpt lat="45.0" lon="7.0"><ele>100</ele><time>2026-01-01T00:00:00Z</time></trkpt>
                </trkseg><trkseg><trkpt lat="45.1" lon="7.0"><ele>110</ele></trkpt></trkseg></trk></gpx>""");

        assertThat(route.name()).contains("Loop");
        assertThat(route.points()).extracting(p -> p.altitude()).containsExactly(100.0, 110.0);
    }

    @Test
    void read_refusesFilesThatAreNotARoute() {
        assertThatThrownBy(() -> read("<gpx><rte><rtept lat=\"1\" lon=\"1\"/></rte></gpx>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two");
        assertThatThrownBy(
                        () -> read("<gpx><rte><rtept lat=\"91\" lon=\"1\"/><rtept lat=\"1\" lon=\"1\"/></rte></gpx>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("<gpx><rte><rtept lat=\"x\" lon=\"1\"/><rtept lat=\"1\" lon=\"1\"/></rte></gpx>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad lat");
        assertThatThrownBy(() -> read("<gpx><rte><rtept lat=\"1\" lon=\"1\"/>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("not xml")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_doesNotExpandExternalEntities() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <gpx><rte><name>&secret;</name><rtept lat="1" lon="1"/><rtept lat="2" lon="2"/></rte></gpx>""";

        assertThatThrownBy(() -> read(xxe))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
    }
}
