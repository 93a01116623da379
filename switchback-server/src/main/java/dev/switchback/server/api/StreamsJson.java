package dev.switchback.server.api;

import dev.switchback.api.activity.StreamType;
import dev.switchback.api.activity.Streams;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /activities/{id}/streams}: the requested streams and, as on Strava, always {@code distance};
 * a list of {@code {"type","data","series_type","original_size","resolution"}}, or with
 * {@code key_by_type=true} an object keyed by type whose values leave out {@code type} (as a real 2025
 * response does). Streams the activity did not record are left out.
 */
final class StreamsJson {
    private StreamsJson() {}

    static Object of(Streams streams, Set<StreamType> requested, boolean keyByType) {
        Set<StreamType> keys = EnumSet.copyOf(requested.isEmpty() ? EnumSet.of(StreamType.DISTANCE) : requested);
        keys.add(StreamType.DISTANCE);
        String seriesType = streams.has(StreamType.DISTANCE) ? "distance" : "time";
        Map<String, Object> byType = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (StreamType type : keys) {
            if (!streams.has(type)) {
                continue;
            }
            Map<String, Object> stream = new LinkedHashMap<>();
            if (!keyByType) {
                stream.put("type", type.wireName());
            }
            stream.put("data", data(streams, type));
            stream.put("series_type", seriesType);
            stream.put("original_size", streams.size());
            stream.put("resolution", "high");
            byType.put(type.wireName(), stream);
            list.add(stream);
        }
        return keyByType ? byType : list;
    }

    private static List<?> data(Streams streams, StreamType type) {
        return switch (type) {
            case TIME -> java.util.Arrays.stream(streams.time()).boxed().toList();
            case LATLNG ->
                latLng(streams.latitude().orElseThrow(), streams.longitude().orElseThrow());
            case DISTANCE, ALTITUDE -> decimals(streams.column(type).orElseThrow());
            case HEARTRATE, CADENCE, WATTS -> wholes(streams.column(type).orElseThrow());
        };
    }

    /** Pairs rounded to 1e-6 degrees; a point without a fix takes the nearest earlier fix (else the first). */
    private static List<List<Double>> latLng(double[] lats, double[] lngs) {
        int first = 0;
        while (first < lats.length && (Double.isNaN(lats[first]) || Double.isNaN(lngs[first]))) {
            first++;
        }
        List<List<Double>> data = new ArrayList<>(lats.length);
        int last = Math.min(first, lats.length - 1);
        for (int i = 0; i < lats.length; i++) {
            if (!Double.isNaN(lats[i]) && !Double.isNaN(lngs[i])) {
                last = i;
            }
            data.add(
                    Double.isNaN(lats[last])
                            ? List.of()
                            : List.of(ActivityJson.round(lats[last], 6), ActivityJson.round(lngs[last], 6)));
        }
        return data;
    }

    private static List<Double> decimals(double[] values) {
        List<Double> data = new ArrayList<>(values.length);
        for (double v : values) {
            data.add(Double.isNaN(v) ? null : ActivityJson.round(v, 1));
        }
        return data;
    }

    private static List<Long> wholes(double[] values) {
        List<Long> data = new ArrayList<>(values.length);
        for (double v : values) {
            data.add(Double.isNaN(v) ? null : Math.round(v));
        }
        return data;
    }
}
