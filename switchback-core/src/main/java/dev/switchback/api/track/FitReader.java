package dev.switchback.api.track;

import com.garmin.fit.DateTime;
import com.garmin.fit.Decode;
import com.garmin.fit.DeviceInfoMesg;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.FitRuntimeException;
import com.garmin.fit.GarminProduct;
import com.garmin.fit.LapMesg;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.MesgBroadcaster;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.SportMesg;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a FIT activity file with Garmin's FIT SDK ({@code com.garmin:fit}): after checking the header's
 * length and the file's CRC ({@link Decode#checkFileIntegrity}), it decodes {@code record} messages
 * (timestamp, position in semicircles, enhanced or plain altitude, distance, heart rate, cadence, power),
 * {@code lap} messages (start_time to timestamp), the sport from {@code session} (else {@code sport}), and
 * the device from {@code file_id} (else the creator's {@code device_info}).
 */
final class FitReader {
    private static final String FORMAT = "FIT";
    private static final double DEGREES_PER_SEMICIRCLE = 180.0 / (1L << 31);
    /** A FIT file is a 12- or 14-byte header, the records, and a 2-byte CRC. */
    private static final int CRC_BYTES = 2;

    private final TrackParsers.Limits limits;

    FitReader(TrackParsers.Limits limits) {
        this.limits = limits;
    }

    Track read(byte[] content) throws TrackFormatException {
        checkHeader(content);
        checkIntegrity(content);
        Messages messages = new Messages(new TrackBuilder(FORMAT, limits));
        try {
            Decode decode = new Decode();
            MesgBroadcaster broadcaster = new MesgBroadcaster(decode);
            broadcaster.addListener((com.garmin.fit.RecordMesgListener) messages::record);
            broadcaster.addListener((com.garmin.fit.LapMesgListener) messages::lap);
            broadcaster.addListener((com.garmin.fit.SessionMesgListener) messages::session);
            broadcaster.addListener((com.garmin.fit.SportMesgListener) messages::sport);
            broadcaster.addListener((com.garmin.fit.FileIdMesgListener) messages::fileId);
            broadcaster.addListener((com.garmin.fit.DeviceInfoMesgListener) messages::deviceInfo);
            decode.read(new ByteArrayInputStream(content), broadcaster, broadcaster);
        } catch (Unchecked e) {
            throw e.cause;
        } catch (FitRuntimeException e) {
            throw new TrackFormatException("The FIT file is corrupt: " + e.getMessage(), e);
        }
        return messages.build();
    }

    /** The header names the data's length: a file shorter than that was cut off. */
    private static void checkHeader(byte[] content) throws TrackFormatException {
        if (!FileSniffer.looksLikeFit(content)) {
            String seen = FileSniffer.looksLikeXml(content) ? ": it looks like XML (GPX or TCX)" : "";
            throw new TrackFormatException("The file is not a FIT file" + seen + ".");
        }
        int headerSize = content[0];
        long dataSize = (content[4] & 0xffL)
                | (content[5] & 0xffL) << 8
                | (content[6] & 0xffL) << 16
                | (content[7] & 0xffL) << 24;
        long expected = headerSize + dataSize + CRC_BYTES;
        if (content.length < expected) {
            throw new TrackFormatException("The FIT file is truncated: its header announces " + expected
                    + " bytes, the file has " + content.length + ".");
        }
    }

    private static void checkIntegrity(byte[] content) throws TrackFormatException {
        boolean intact;
        try {
            intact = new Decode().checkFileIntegrity(new ByteArrayInputStream(content));
        } catch (FitRuntimeException e) {
            intact = false;
        }
        if (!intact) {
            throw new TrackFormatException("The FIT file is corrupt: its checksum or its records are invalid.");
        }
    }

    /** Carries a TrackFormatException out of the SDK's listeners, which may not throw checked exceptions. */
    private static final class Unchecked extends RuntimeException {
        private final TrackFormatException cause;

        Unchecked(TrackFormatException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** What the listeners collect while the SDK decodes. */
    private static final class Messages {
        private final TrackBuilder track;
        private Optional<String> sessionSport = Optional.empty();
        private Optional<String> sportSport = Optional.empty();
        private Optional<String> fileDevice = Optional.empty();
        private Optional<String> creatorDevice = Optional.empty();

        Messages(TrackBuilder track) {
            this.track = track;
        }

        void record(RecordMesg record) {
            Instant time = instant(record.getTimestamp());
            if (time == null) {
                return;
            }
            Float altitude = record.getEnhancedAltitude() != null ? record.getEnhancedAltitude() : record.getAltitude();
            try {
                track.point(
                        time,
                        degrees(record.getPositionLat()),
                        degrees(record.getPositionLong()),
                        number(altitude),
                        number(record.getDistance()),
                        number(record.getHeartRate()),
                        number(record.getCadence()),
                        number(record.getPower()));
            } catch (TrackFormatException e) {
                throw new Unchecked(e);
            }
        }

        void lap(LapMesg lap) {
            Instant start = instant(lap.getStartTime());
            Instant end = instant(lap.getTimestamp());
            if (start != null) {
                track.lap(start, end == null ? start : end);
            }
        }

        void session(SessionMesg session) {
            sessionSport = sessionSport.or(() -> SportTypes.fromFit(session.getSport(), session.getSubSport()));
        }

        void sport(SportMesg sport) {
            sportSport = sportSport.or(() -> SportTypes.fromFit(sport.getSport(), sport.getSubSport()));
        }

        void fileId(FileIdMesg fileId) {
            fileDevice = fileDevice.or(
                    () -> device(fileId.getManufacturer(), fileId.getGarminProduct(), fileId.getProductName()));
        }

        /** Device index 0 is the creator: the device that recorded the file. */
        void deviceInfo(DeviceInfoMesg info) {
            Short index = info.getDeviceIndex();
            if (index != null && index == 0) {
                creatorDevice = creatorDevice.or(
                        () -> device(info.getManufacturer(), info.getGarminProduct(), info.getProductName()));
            }
        }

        Track build() throws TrackFormatException {
            track.sport(sessionSport.or(() -> sportSport));
            fileDevice.or(() -> creatorDevice).ifPresent(track::device);
            return track.build();
        }
    }

    /** "Garmin Edge 530" from manufacturer GARMIN and product EDGE_530; a product name, when written, wins. */
    static Optional<String> device(Integer manufacturer, Integer garminProduct, String productName) {
        String maker = manufacturer == null ? "" : words(Manufacturer.getStringFromValue(manufacturer));
        if (productName != null && !productName.isBlank()) {
            return Optional.of(
                    productName.toLowerCase(Locale.ROOT).startsWith(maker.toLowerCase(Locale.ROOT))
                            ? productName.strip()
                            : (maker + " " + productName.strip()).strip());
        }
        String product = garminProduct == null ? "" : words(GarminProduct.getStringFromValue(garminProduct));
        String device = (maker + " " + product).strip();
        return device.isEmpty() ? Optional.empty() : Optional.of(device);
    }

    /** EDGE_530 becomes "Edge 530", WAHOO_FITNESS "Wahoo Fitness"; tokens with digits stay as they are (FR965). */
    private static String words(String constant) {
        StringBuilder words = new StringBuilder();
        for (String token : constant.split("_")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean letters = token.chars().allMatch(Character::isLetter);
            words.append(words.length() == 0 ? "" : " ")
                    .append(letters ? token.charAt(0) + token.substring(1).toLowerCase(Locale.ROOT) : token);
        }
        return words.toString();
    }

    private static Instant instant(DateTime time) {
        return time == null ? null : time.getInstant();
    }

    private static double degrees(Integer semicircles) {
        return semicircles == null ? Double.NaN : semicircles * DEGREES_PER_SEMICIRCLE;
    }

    private static double number(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }
}
