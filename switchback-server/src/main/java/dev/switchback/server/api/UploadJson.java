package dev.switchback.server.api;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.upload.Upload;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strava's Upload (contract#upload-status), keys in the order of a real response. */
final class UploadJson {
    private UploadJson() {}

    static Map<String, Object> of(Upload upload) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", upload.id().value());
        json.put("id_str", upload.id().toString());
        json.put("external_id", upload.externalId());
        json.put("error", upload.error().orElse(null));
        json.put("status", upload.statusMessage());
        json.put("activity_id", upload.activityId().map(ActivityId::value).orElse(null));
        return json;
    }
}
