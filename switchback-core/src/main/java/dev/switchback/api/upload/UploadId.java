package dev.switchback.api.upload;

import dev.switchback.api.ObjectIds;
import dev.switchback.store.Id;

/** An upload's id. */
public record UploadId(long value) implements Id {
    /** The id in a path; anything but a positive integer is {@code Upload/id/invalid}, a 404. */
    public static UploadId parse(String raw) {
        return new UploadId(ObjectIds.parse(raw, "Upload"));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
