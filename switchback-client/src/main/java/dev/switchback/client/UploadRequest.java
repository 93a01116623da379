package dev.switchback.client;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The form fields of {@code POST /uploads} beside the file (contract#scope-matrix): its {@code data_type}
 * (inferred from the file name when not set), and optionally {@code name}, {@code description},
 * {@code external_id}, {@code trainer}, {@code commute} and {@code sport_type}. Immutable; built with
 * {@link #builder()}, whose setters reject bad input at once. Unset fields are not sent, and the server
 * applies its defaults (the file name as {@code external_id}, the file's or a generated name).
 */
public final class UploadRequest {
    private static final int MAX_TEXT = 255;

    /** The file formats Strava accepts, each also gzipped. */
    public enum DataType {
        /** A FIT file. */
        FIT("fit"),
        /** A gzipped FIT file. */
        FIT_GZ("fit.gz"),
        /** A TCX file. */
        TCX("tcx"),
        /** A gzipped TCX file. */
        TCX_GZ("tcx.gz"),
        /** A GPX file. */
        GPX("gpx"),
        /** A gzipped GPX file. */
        GPX_GZ("gpx.gz");

        private final String wireName;

        DataType(String wireName) {
            this.wireName = wireName;
        }

        /** {@return the {@code data_type} value, e.g. {@code gpx.gz}} */
        public String wireName() {
            return wireName;
        }

        /**
         * The type a file name ends with, ignoring case: {@code ride.GPX.gz} is {@link #GPX_GZ}.
         *
         * @param fileName a file name
         * @return the type, or empty when the name ends in none of them
         */
        public static Optional<DataType> fromFileName(String fileName) {
            String lower = Objects.requireNonNull(fileName, "fileName").toLowerCase(Locale.ROOT);
            for (DataType type : new DataType[] {FIT_GZ, TCX_GZ, GPX_GZ, FIT, TCX, GPX}) {
                if (lower.endsWith("." + type.wireName)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    private final Optional<DataType> dataType;
    private final Optional<String> name;
    private final Optional<String> description;
    private final Optional<String> externalId;
    private final Optional<Boolean> trainer;
    private final Optional<Boolean> commute;
    private final Optional<String> sportType;

    private UploadRequest(Builder builder) {
        this.dataType = Optional.ofNullable(builder.dataType);
        this.name = Optional.ofNullable(builder.name);
        this.description = Optional.ofNullable(builder.description);
        this.externalId = Optional.ofNullable(builder.externalId);
        this.trainer = Optional.ofNullable(builder.trainer);
        this.commute = Optional.ofNullable(builder.commute);
        this.sportType = Optional.ofNullable(builder.sportType);
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return no field set: the data type is inferred from the file name} */
    public static UploadRequest defaults() {
        return new Builder().build();
    }

    /** {@return the data type, when set} */
    public Optional<DataType> dataType() {
        return dataType;
    }

    /** {@return the activity's name, when set} */
    public Optional<String> name() {
        return name;
    }

    /** {@return the activity's description, when set} */
    public Optional<String> description() {
        return description;
    }

    /** {@return the external id, when set} */
    public Optional<String> externalId() {
        return externalId;
    }

    /** {@return whether the activity was on a trainer, when set} */
    public Optional<Boolean> trainer() {
        return trainer;
    }

    /** {@return whether the activity was a commute, when set} */
    public Optional<Boolean> commute() {
        return commute;
    }

    /** {@return the sport type, when set} */
    public Optional<String> sportType() {
        return sportType;
    }

    /** Configures an {@link UploadRequest}; each setter checks its value and names it when refused. */
    public static final class Builder {
        private DataType dataType;
        private String name;
        private String description;
        private String externalId;
        private Boolean trainer;
        private Boolean commute;
        private String sportType;

        private Builder() {}

        /**
         * The file's format; by default inferred from the file name ({@code .gpx}, {@code .tcx.gz}...).
         *
         * @param dataType the format
         * @return this builder
         */
        public Builder dataType(DataType dataType) {
            this.dataType = Objects.requireNonNull(dataType, "dataType");
            return this;
        }

        /**
         * The activity's name.
         *
         * @param name 1 to 255 characters, not blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = text("name", name);
            return this;
        }

        /**
         * The activity's description.
         *
         * @param description any text, possibly several lines
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Your own id for the file, shown in the upload and its activity; by default the server uses the file name.
         *
         * @param externalId 1 to 255 characters, not blank
         * @return this builder
         */
        public Builder externalId(String externalId) {
            this.externalId = text("externalId", externalId);
            return this;
        }

        /**
         * Whether the activity was on a trainer.
         *
         * @param trainer sent as {@code 1} or {@code 0}
         * @return this builder
         */
        public Builder trainer(boolean trainer) {
            this.trainer = trainer;
            return this;
        }

        /**
         * Whether the activity was a commute.
         *
         * @param commute sent as {@code 1} or {@code 0}
         * @return this builder
         */
        public Builder commute(boolean commute) {
            this.commute = commute;
            return this;
        }

        /**
         * The sport type, such as {@code Ride} or {@code TrailRun}; sent as {@code sport_type}. Strava's upload
         * documentation does not list it; a server that does not know it ignores it (Switchback does).
         *
         * @param sportType a word of letters, such as {@code MountainBikeRide}
         * @return this builder
         */
        public Builder sportType(String sportType) {
            if (sportType == null || !sportType.matches("[A-Za-z]{1,64}")) {
                throw new IllegalArgumentException(
                        "sportType must be a sport type such as Ride (got " + quote(sportType) + ")");
            }
            this.sportType = sportType;
            return this;
        }

        /** {@return the request} */
        public UploadRequest build() {
            return new UploadRequest(this);
        }

        private static String text(String field, String value) {
            if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
                throw new IllegalArgumentException(
                        field + " must be 1 to " + MAX_TEXT + " characters, not blank (got " + quote(value) + ")");
            }
            return value;
        }

        private static String quote(String value) {
            return value == null ? "null" : "\"" + value + "\"";
        }
    }
}
