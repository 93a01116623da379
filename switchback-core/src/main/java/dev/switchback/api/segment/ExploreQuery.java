package dev.switchback.api.segment;

import dev.switchback.api.geo.LatLng;
import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /segments/explore}: {@code bounds} ({@code sw_lat,sw_lng,ne_lat,ne_lng}, required),
 * {@code activity_type} ({@code riding} or {@code running}), {@code min_cat} and {@code max_cat} (0 to 5).
 * Anything else is a 400 naming the parameter: {@code Segment/bounds/missing} or {@code .../invalid}.
 */
public record ExploreQuery(
        Bounds bounds, Optional<SegmentActivityType> activityType, int minCategory, int maxCategory) {
    private static final String RESOURCE = "Segment";
    private static final Pattern NUMBER = Pattern.compile("\\s*[-+]?[0-9]{1,3}(\\.[0-9]{1,15})?\\s*");

    public static ExploreQuery parse(Params params) {
        Bounds bounds = bounds(params.get("bounds", RESOURCE)
                .orElseThrow(() -> FaultException.badRequest(RESOURCE, "bounds", "missing")));
        Optional<SegmentActivityType> type = params.get("activity_type", RESOURCE)
                .filter(value -> !value.isEmpty())
                .map(value -> SegmentActivityType.fromExplorerName(value)
                        .orElseThrow(() -> FaultException.invalid(RESOURCE, "activity_type")));
        int min = category(params.get("min_cat", RESOURCE), ClimbCategory.NOT_CATEGORIZED, "min_cat");
        int max = category(params.get("max_cat", RESOURCE), ClimbCategory.HORS_CATEGORIE, "max_cat");
        if (min > max) {
            throw FaultException.invalid(RESOURCE, "min_cat");
        }
        return new ExploreQuery(bounds, type, min, max);
    }

    private static Bounds bounds(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 4) {
            throw FaultException.invalid(RESOURCE, "bounds");
        }
        double[] numbers = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!NUMBER.matcher(parts[i]).matches()) {
                throw FaultException.invalid(RESOURCE, "bounds");
            }
            numbers[i] = Double.parseDouble(parts[i].trim());
        }
        try {
            return new Bounds(new LatLng(numbers[0], numbers[1]), new LatLng(numbers[2], numbers[3]));
        } catch (IllegalArgumentException outOfRange) {
            throw FaultException.invalid(RESOURCE, "bounds");
        }
    }

    private static int category(Optional<String> value, int fallback, String name) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return fallback;
        }
        if (!value.get().matches("[0-5]")) {
            throw FaultException.invalid(RESOURCE, name);
        }
        return Integer.parseInt(value.get());
    }
}
