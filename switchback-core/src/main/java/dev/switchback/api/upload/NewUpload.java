package dev.switchback.api.upload;

import dev.switchback.api.ParamValues;
import dev.switchback.api.activity.ManualActivity;
import dev.switchback.api.track.DataType;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.request.Params;
import java.util.Optional;

/**
 * {@code POST /uploads} (contract#scope-matrix): the multipart {@code file}, its {@code data_type} (fit, fit.gz, tcx,
 * tcx.gz, gpx, gpx.gz), and {@code name}, {@code description}, {@code trainer}, {@code commute},
 * {@code external_id} (the file's name when not given, as on Strava).
 */
public record NewUpload(
        byte[] content,
        DataType dataType,
        String externalId,
        Optional<String> name,
        Optional<String> description,
        boolean trainer,
        boolean commute) {
    private static final int MAX_EXTERNAL_ID = 255;

    /** The uploaded file part: its name as the client sent it, and its bytes. */
    public record File(Optional<String> filename, byte[] content) {}

    /**
     * Reads the parameters and the file; a file larger than {@code maxBytes} is a 413, a missing or empty
     * one or an unknown {@code data_type} a 400 naming the field.
     */
    public static NewUpload parse(Params params, Optional<File> file, long maxBytes) {
        ParamValues values = ParamValues.of(params, "Upload");
        DataType type =
                values.text("data_type").flatMap(DataType::fromWireName).orElseThrow(() -> values.invalid("data_type"));
        File part = file.filter(f -> f.content().length > 0).orElseThrow(() -> values.invalid("file"));
        if (part.content().length > maxBytes) {
            throw FaultException.of(413, "Bad Request", new FaultError("Upload", "file", "too large"));
        }
        String externalId = values.name("external_id", MAX_EXTERNAL_ID)
                .or(() -> part.filename().map(NewUpload::baseName).filter(s -> !s.isBlank()))
                .map(id -> id.length() > MAX_EXTERNAL_ID ? id.substring(0, MAX_EXTERNAL_ID) : id)
                .orElse("upload." + type.wireName());
        return new NewUpload(
                part.content(),
                type,
                externalId,
                values.name("name", ManualActivity.MAX_NAME),
                values.text("description"),
                values.bool("trainer").orElse(false),
                values.bool("commute").orElse(false));
    }

    /** "C:\\rides\\ride.gpx" and "/tmp/ride.gpx" are both "ride.gpx". */
    private static String baseName(String filename) {
        String name = filename.strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }
}
