package dev.switchback.api;

import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Typed reads of API parameters: each value that does not parse as what it should be is a 400
 * {@code <resource>/<field>/invalid}, never a 500 or a silent default.
 */
public final class ParamValues {
    private final Params params;
    private final String resource;

    private ParamValues(Params params, String resource) {
        this.params = params;
        this.resource = resource;
    }

    /** Reads {@code params}, naming {@code resource} in every fault (e.g. "Activity"). */
    public static ParamValues of(Params params, String resource) {
        return new ParamValues(params, resource);
    }

    public FaultException invalid(String field) {
        return FaultException.invalid(resource, field);
    }

    public Optional<String> text(String field) {
        return params.get(field, resource);
    }

    /** Text that is present and not blank, trimmed, at most {@code maxLength} characters. */
    public Optional<String> name(String field, int maxLength) {
        Optional<String> value = text(field).map(String::strip);
        if (value.isPresent() && (value.get().isEmpty() || value.get().length() > maxLength)) {
            throw invalid(field);
        }
        return value;
    }

    public String required(String field, int maxLength) {
        return name(field, maxLength).orElseThrow(() -> invalid(field));
    }

    /** {@code true}, {@code false}, {@code 1} or {@code 0} (Strava's form flags), any case. */
    public Optional<Boolean> bool(String field) {
        return text(field).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(field);
        });
    }

    /**
     * A whole number between {@code min} and {@code max}, written as a plain decimal (contract#plain-decimals);
     * one with a zero fraction ("600.0") is whole too.
     */
    public Optional<Long> whole(String field, long min, long max) {
        return text(field).map(value -> {
            String text = value.strip();
            if (Decimals.parse(text).isEmpty()) {
                throw invalid(field);
            }
            try {
                long whole = new BigDecimal(text).longValueExact();
                if (whole < min || whole > max) {
                    throw invalid(field);
                }
                return whole;
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(field);
            }
        });
    }

    /** A finite plain decimal (contract#plain-decimals) between {@code min} and {@code max}. */
    public Optional<Double> decimal(String field, double min, double max) {
        return text(field).map(value -> {
            OptionalDouble number = Decimals.parse(value.strip());
            if (number.isEmpty() || !(number.getAsDouble() >= min && number.getAsDouble() <= max)) {
                throw invalid(field);
            }
            return number.getAsDouble();
        });
    }
}
