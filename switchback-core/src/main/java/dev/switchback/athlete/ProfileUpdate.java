package dev.switchback.athlete;

import dev.switchback.api.ParamValues;
import dev.switchback.request.Params;
import java.util.Optional;

/**
 * {@code PUT /athlete} (contract#scope-matrix): {@code weight} in kg, from a form, the query string or JSON, and
 * {@code ftp} in watts as an extension (Strava's profile:write covers both).
 */
public record ProfileUpdate(Optional<Double> weight, Optional<Integer> ftp) {
    private static final double MAX_WEIGHT_KG = 1000;
    private static final int MAX_FTP_W = 3000;

    public static ProfileUpdate parse(Params params) {
        ParamValues values = ParamValues.of(params, "Athlete");
        Optional<Double> weight = values.decimal("weight", 0, MAX_WEIGHT_KG);
        if (weight.isPresent() && weight.get() <= 0) {
            throw values.invalid("weight");
        }
        return new ProfileUpdate(weight, values.whole("ftp", 0, MAX_FTP_W).map(Long::intValue));
    }
}
