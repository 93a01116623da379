package dev.switchback.api.upload;

import dev.switchback.api.track.DataType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Uploads and their files. The file is kept only until the upload is processed. */
public final class UploadStore {
    private static final int MAX_ERROR = 1000;
    private static final String COLUMNS = """
            id, athlete_id, status, error, activity_id, external_id, data_type, digest, name, description, trainer,
            commute, created_at""";

    private final Jdbi jdbi;

    public UploadStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Stores the upload, processing, and its file, in one transaction; returns it. */
    public Upload insert(long athleteId, NewUpload upload, String digest, Instant now) {
        return jdbi.inTransaction(handle -> {
            long id = handle.createQuery("""
                            INSERT INTO uploads (athlete_id, status, external_id, data_type, digest, name, description,
                                trainer, commute, created_at, updated_at)
                            VALUES (:athlete, 'processing', :external_id, :data_type, :digest, :name, :description,
                                :trainer, :commute, :now, :now)
                            RETURNING id""")
                    .bind("athlete", athleteId)
                    .bind("external_id", upload.externalId())
                    .bind("data_type", upload.dataType().wireName())
                    .bind("digest", digest)
                    .bind("name", upload.name().orElse(null))
                    .bind("description", upload.description().orElse(null))
                    .bind("trainer", upload.trainer())
                    .bind("commute", upload.commute())
                    .bind("now", now.getEpochSecond())
                    .mapTo(Long.class)
                    .one();
            handle.createUpdate("INSERT INTO upload_files (upload_id, content) VALUES (:id, :content)")
                    .bind("id", id)
                    .bind("content", upload.content())
                    .execute();
            return find(handle, id).orElseThrow();
        });
    }

    public Optional<Upload> find(long id) {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    private Optional<Upload> find(Handle handle, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM uploads WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public Optional<byte[]> file(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT content FROM upload_files WHERE upload_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rs.getBytes("content"))
                .findOne());
    }

    /** The oldest uploads still processing, leaving out {@code skip} (those already queued here). */
    public List<Long> processing(int limit, Collection<Long> skip) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id FROM uploads WHERE status = 'processing' ORDER BY id LIMIT :limit")
                .bind("limit", limit + skip.size())
                .mapTo(Long.class)
                .list()).stream().filter(id -> !skip.contains(id)).limit(limit).toList();
    }

    /**
     * Marks a processing upload ready with its activity and drops its file; false (and nothing changed) if
     * it was not processing any more, say because another node finished it first.
     */
    public boolean markReady(Handle handle, long id, long activityId, Instant now) {
        int updated = handle.createUpdate("""
                        UPDATE uploads SET status = 'ready', activity_id = :activity, updated_at = :now
                         WHERE id = :id AND status = 'processing'""")
                .bind("id", id)
                .bind("activity", activityId)
                .bind("now", now.getEpochSecond())
                .execute();
        deleteFile(handle, id);
        return updated == 1;
    }

    /** Marks a processing upload failed with {@code error} and drops its file. */
    public void markError(long id, String error, Instant now) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            UPDATE uploads SET status = 'error', error = :error, updated_at = :now
                             WHERE id = :id AND status = 'processing'""")
                    .bind("id", id)
                    .bind("error", error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error)
                    .bind("now", now.getEpochSecond())
                    .execute();
            deleteFile(handle, id);
        });
    }

    private static void deleteFile(Handle handle, long id) {
        handle.createUpdate("DELETE FROM upload_files WHERE upload_id = :id").bind("id", id).execute();
    }

    private static Upload map(ResultSet rs) throws SQLException {
        long activityId = rs.getLong("activity_id");
        Optional<Long> activity = rs.wasNull() ? Optional.empty() : Optional.of(activityId);
        return new Upload(rs.getLong("id"), rs.getLong("athlete_id"), UploadStatus.fromColumn(rs.getString("status")),
                Optional.ofNullable(rs.getString("error")), activity, rs.getString("external_id"),
                DataType.fromWireName(rs.getString("data_type")).orElseThrow(), rs.getString("digest"),
                Optional.ofNullable(rs.getString("name")), Optional.ofNullable(rs.getString("description")),
                rs.getBoolean("trainer"), rs.getBoolean("commute"), Instant.ofEpochSecond(rs.getLong("created_at")));
    }
}
