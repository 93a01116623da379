package dev.switchback.api.track;

import java.util.Locale;
import java.util.Optional;

/** Strava's upload {@code data_type} values (contract#upload-formats): three formats, each plain or gzipped. */
public enum DataType {
    FIT("fit", false),
    FIT_GZ("fit.gz", true),
    TCX("tcx", false),
    TCX_GZ("tcx.gz", true),
    GPX("gpx", false),
    GPX_GZ("gpx.gz", true);

    private final String wireName;
    private final boolean gzipped;

    DataType(String wireName, boolean gzipped) {
        this.wireName = wireName;
        this.gzipped = gzipped;
    }

    public String wireName() {
        return wireName;
    }

    public boolean gzipped() {
        return gzipped;
    }

    /** The format without compression: FIT, TCX or GPX. */
    public DataType format() {
        return switch (this) {
            case FIT, FIT_GZ -> FIT;
            case TCX, TCX_GZ -> TCX;
            case GPX, GPX_GZ -> GPX;
        };
    }

    public static Optional<DataType> fromWireName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (DataType type : values()) {
            if (type.wireName.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
