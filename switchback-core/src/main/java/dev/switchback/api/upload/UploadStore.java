package dev.switchback.api.upload;

import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.track.DataType;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Rows;
import dev.switchback.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Uploads and their files; every method runs in the caller's transaction. The file is kept only until the
 * upload is processed.
 */
public final class UploadStore {
    private static final int MAX_ERROR = 1000;
    private static final String COLUMNS = """
            id, athlete_id, status, error, activity_id, external_id, data_type, digest, name, description, trainer,
            commute, created_at""";

    /** Stores the upload, processing, and its file; returns it. */
    public Upload insert(Tx tx, AthleteId athlete, NewUpload upload, String digest, Instant now) {
        UploadId id = insertRow(tx, athlete, upload, digest, now);
        tx.sql("INSERT INTO upload_files (upload_id, content) VALUES (:id, :content)")
                .bind("id", id)
                .bind("content", upload.content())
                .update();
        return find(tx, id).orElseThrow();
    }

    /**
     * Stores an upload, processing, without its file: a file read at once (the CLI's import, the demo
     * data), whose activity the caller makes in the same transaction and then marks ready.
     */
    public UploadId insertProcessedNow(Tx tx, AthleteId athlete, NewUpload upload, String digest, Instant now) {
        return insertRow(tx, athlete, upload, digest, now);
    }

    private static UploadId insertRow(Tx tx, AthleteId athlete, NewUpload upload, String digest, Instant now) {
        return new UploadId(tx.sql("""
                        INSERT INTO uploads (athlete_id, status, external_id, data_type, digest, name, description,
                            trainer, commute, created_at, updated_at)
                        VALUES (:athlete, 'processing', :external_id, :data_type, :digest, :name, :description,
                            :trainer, :commute, :now, :now)
                        RETURNING id""")
                .bind("athlete", athlete)
                .bind("external_id", upload.externalId())
                .bind("data_type", upload.dataType().wireName())
                .bind("digest", digest)
                .bind("name", upload.name().orElse(null))
                .bind("description", upload.description().orElse(null))
                .bind("trainer", upload.trainer())
                .bind("commute", upload.commute())
                .bind("now", now)
                .number());
    }

    public Optional<Upload> find(Tx tx, UploadId id) {
        return tx.sql("SELECT " + COLUMNS + " FROM uploads WHERE id = :id")
                .bind("id", id)
                .one(UploadStore::map);
    }

    public Optional<byte[]> file(Tx tx, UploadId id) {
        return tx.sql("SELECT content FROM upload_files WHERE upload_id = :id")
                .bind("id", id)
                .one(rs -> rs.getBytes("content"));
    }

    /** The oldest uploads still processing, leaving out {@code skip} (those already queued here). */
    public List<UploadId> processing(Tx tx, int limit, Collection<UploadId> skip) {
        return tx
                .sql("SELECT id FROM uploads WHERE status = 'processing' ORDER BY id LIMIT :limit")
                .bind("limit", limit + skip.size())
                .list(rs -> new UploadId(rs.getLong("id")))
                .stream()
                .filter(id -> !skip.contains(id))
                .limit(limit)
                .toList();
    }

    /**
     * Marks a processing upload ready with its activity and drops its file; false (and nothing changed) if
     * it was not processing any more, say because another node finished it first.
     */
    public boolean markReady(Tx tx, UploadId id, ActivityId activity, Instant now) {
        int updated = tx.sql("""
                        UPDATE uploads SET status = 'ready', activity_id = :activity, updated_at = :now
                         WHERE id = :id AND status = 'processing'""")
                .bind("id", id)
                .bind("activity", activity)
                .bind("now", now)
                .update();
        deleteFile(tx, id);
        return updated == 1;
    }

    /** Marks a processing upload failed with {@code error} and drops its file. */
    public void markError(Tx tx, UploadId id, String error, Instant now) {
        tx.sql("""
                        UPDATE uploads SET status = 'error', error = :error, updated_at = :now
                         WHERE id = :id AND status = 'processing'""")
                .bind("id", id)
                .bind("error", error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error)
                .bind("now", now)
                .update();
        deleteFile(tx, id);
    }

    private static void deleteFile(Tx tx, UploadId id) {
        tx.sql("DELETE FROM upload_files WHERE upload_id = :id").bind("id", id).update();
    }

    private static Upload map(ResultSet rs) throws SQLException {
        return new Upload(
                new UploadId(rs.getLong("id")),
                new AthleteId(rs.getLong("athlete_id")),
                UploadStatus.fromColumn(rs.getString("status")),
                Optional.ofNullable(rs.getString("error")),
                Rows.optionalLong(rs, "activity_id").map(ActivityId::new),
                rs.getString("external_id"),
                DataType.fromWireName(rs.getString("data_type")).orElseThrow(),
                rs.getString("digest"),
                Optional.ofNullable(rs.getString("name")),
                Optional.ofNullable(rs.getString("description")),
                rs.getBoolean("trainer"),
                rs.getBoolean("commute"),
                Instant.ofEpochSecond(rs.getLong("created_at")));
    }
}
