package dev.switchback.api.geo;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.dustinj.timezonemap.TimeZone;
import us.dustinj.timezonemap.TimeZoneMap;

/**
 * The time zone of a place (contract#activity-time-zone), from the time zone map of timezone-boundary-builder
 * (OpenStreetMap's borders) that {@code us.dustinj.timezonemap} ships. The map of the whole world takes some
 * 180 MB of heap once loaded (Timeshape's does), more than a small server has; this library loads the zones of
 * one region only, clipped to it. So the world is cut into tiles of one degree, each loaded the first time a
 * position in it is asked for (under a second: the data is read through once) and kept, the last few used, at
 * a few hundred kilobytes each. Nothing is loaded at start-up. A map that cannot be loaded (a platform without
 * the library's native decompressor) answers nothing, and the caller falls back to the longitude.
 */
public final class TimeZones {
    private static final Logger LOG = LoggerFactory.getLogger(TimeZones.class);
    /** The tiles kept. */
    private static final int TILES = 16;

    private static final TimeZones SHARED = new TimeZones();

    private final Map<Long, Optional<TimeZoneMap>> tiles = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<TimeZoneMap>> eldest) {
            return size() > TILES;
        }
    };
    private boolean failed;

    /**
     * The process's one lookup: the map is the same bundled data for every server and store in the process,
     * so its tiles are loaded once, as the shared default parser reads files (see {@code Switchback}).
     */
    public static TimeZones shared() {
        return SHARED;
    }

    /** The zone at a position, e.g. {@code America/Los_Angeles}; at sea an {@code Etc/GMT+n} zone. */
    public synchronized Optional<ZoneId> at(double latitude, double longitude) {
        int tileLatitude = (int) Math.min(89, Math.floor(latitude));
        int tileLongitude = (int) Math.min(179, Math.floor(longitude));
        long key = (long) tileLatitude * 1000 + tileLongitude;
        return tiles.computeIfAbsent(key, k -> load(tileLatitude, tileLongitude))
                .map(map -> map.getOverlappingTimeZone(latitude, longitude))
                .map(TimeZone::getZoneId)
                .flatMap(TimeZones::zone);
    }

    private Optional<TimeZoneMap> load(int latitude, int longitude) {
        if (failed) {
            return Optional.empty();
        }
        try {
            return Optional.of(TimeZoneMap.forRegion(latitude, longitude, latitude + 1, longitude + 1));
        } catch (RuntimeException | LinkageError e) {
            failed = true;
            LOG.warn("the time zone map cannot be loaded ({}); time zones follow the longitude", e.toString());
            return Optional.empty();
        }
    }

    private static Optional<ZoneId> zone(String id) {
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
