package dev.switchback.server.api;

import dev.switchback.api.activity.StreamType;
import dev.switchback.api.activity.Streams;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

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

    /**
     * The data as lists that read the columns as they are written out: no number is boxed and kept, so the
     * streams of the largest activity an upload may make (contract#upload-limits) cost their columns only.
     */
    private static List<?> data(Streams streams, StreamType type) {
        return switch (type) {
            case TIME -> {
                int[] time = streams.time();
                yield view(time.length, i -> time[i]);
            }
            case LATLNG ->
                latLng(streams.latitude().orElseThrow(), streams.longitude().orElseThrow());
            case DISTANCE, ALTITUDE -> {
                double[] values = streams.column(type).orElseThrow();
                yield view(values.length, i -> Double.isNaN(values[i]) ? null : ActivityJson.round(values[i], 1));
            }
            case HEARTRATE, CADENCE, WATTS -> {
                double[] values = streams.column(type).orElseThrow();
                yield view(values.length, i -> Double.isNaN(values[i]) ? null : Math.round(values[i]));
            }
        };
    }

    /** Pairs rounded to 1e-6 degrees; a point without a fix takes the nearest earlier fix (else the first). */
    private static List<List<Double>> latLng(double[] lats, double[] lngs) {
        int first = 0;
        while (first < lats.length && (Double.isNaN(lats[first]) || Double.isNaN(lngs[first]))) {
            first++;
        }
        int[] fix = new int[lats.length];
        int last = Math.min(first, lats.length - 1);
        for (int i = 0; i < lats.length; i++) {
            if (!Double.isNaN(lats[i]) && !Double.isNaN(lngs[i])) {
                last = i;
            }
            fix[i] = last;
        }
        return view(
                lats.length,
                i -> Double.isNaN(lats[fix[i]])
                        ? List.of()
                        : List.of(ActivityJson.round(lats[fix[i]], 6), ActivityJson.round(lngs[fix[i]], 6)));
    }

    private static <T> List<T> view(int size, IntFunction<T> element) {
        return new AbstractList<>() {
            @Override
            public T get(int index) {
                return element.apply(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
