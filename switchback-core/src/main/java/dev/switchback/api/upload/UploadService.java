package dev.switchback.api.upload;

import dev.switchback.api.Viewer;
import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.api.activity.DuplicateActivityException;
import dev.switchback.api.activity.NewActivity;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.track.DataType;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackFormatException;
import dev.switchback.api.track.TrackParser;
import dev.switchback.athlete.AthleteId;
import dev.switchback.store.Database;
import dev.switchback.store.StorageFaults;
import dev.switchback.telemetry.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads (contract#uploads, contract#upload-status). {@link #accept} stores the upload and its file, then queues it; a small pool
 * of workers parses the file and makes the activity, or records the error. The queue is bounded: an
 * upload that finds it full waits in the database and is picked up when a worker is free, and
 * {@link #start()} picks up every upload a previous run left processing, so none is lost to a restart.
 * Making the activity and marking the upload ready happen in one transaction: no half-made activity, and
 * an upload two workers (or nodes) race on makes one activity.
 */
public final class UploadService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    /** Workers parsing files at once. */
    private static final int WORKERS = 2;
    /** Uploads queued in memory beyond those being parsed; the rest wait in the database. */
    private static final int QUEUE_CAPACITY = 64;

    static final String UNREADABLE = "The file could not be processed.";

    private final Database database;
    private final UploadStore store;
    private final ActivityService activities;
    private final TrackParser parser;
    private final Clock clock;
    private final Set<UploadId> queued = ConcurrentHashMap.newKeySet();
    private volatile ThreadPoolExecutor executor;
    private volatile Timer processing =
            Timer.builder("switchback.uploads.processing").register(Metrics.none());

    public UploadService(
            Database database, UploadStore store, ActivityService activities, TrackParser parser, Clock clock) {
        this.database = database;
        this.store = store;
        this.activities = activities;
        this.parser = parser;
        this.clock = clock;
    }

    /** Starts the workers, which first queue every upload still processing. Until then, uploads only wait. */
    public synchronized void start() {
        if (executor == null) {
            executor = new ThreadPoolExecutor(
                    WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                        Thread thread = new Thread(runnable, "switchback-uploads");
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.execute(this::drain); // on a worker: the server's start does not wait for this query
        }
    }

    /**
     * Reports to {@code meters}: uploads queued in memory and being parsed, and the time each one took to
     * process ({@code switchback.uploads.*}, contract#metrics).
     */
    public void measure(MeterRegistry meters) {
        Gauge.builder("switchback.uploads.queued", queued, Set::size)
                .description("uploads queued or being processed by this node's workers")
                .register(meters);
        processing = Timer.builder("switchback.uploads.processing")
                .description("time to parse an upload's file and make its activity, or record its error")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Whether the workers are started and not stopped (a readiness check). */
    public boolean running() {
        ThreadPoolExecutor pool = executor;
        return pool != null && !pool.isShutdown();
    }

    /** Stores the viewer's upload (processing) and its file, queues it, and returns it at once. */
    public Upload accept(Viewer viewer, NewUpload upload) {
        String digest = digest(upload.content());
        Instant now = clock.instant();
        Upload stored = database.write(tx -> store.insert(tx, viewer.athleteId(), upload, digest, now));
        submit(stored.id());
        return stored;
    }

    /**
     * Reads a file and makes its activity now (the CLI's {@code activities import}, the demo data): the same
     * parser, the same duplicate rule (by the file's digest) and the same {@link ActivityService}, and an
     * upload that is ready at once, so that the activity's {@code external_id} names the file of an upload,
     * as every activity made from a file does on Strava (contract#upload-provenance).
     */
    public Activity importFile(AthleteId athlete, byte[] content, DataType type, TrackImport options)
            throws TrackFormatException {
        Track track = parser.parse(content, type);
        String digest = digest(content);
        NewActivity activity = activities.prepare(athlete, track, options.withDigest(digest));
        NewUpload upload = new NewUpload(
                content,
                type,
                options.externalId().orElse("upload." + type.wireName()),
                options.name(),
                options.description(),
                options.trainer(),
                options.commute());
        Instant now = clock.instant();
        try {
            return database.write(tx -> {
                UploadId uploadId = store.insertProcessedNow(tx, athlete, upload, digest, now);
                ActivityId made = activities.insert(tx, activity.withUpload(uploadId));
                store.markReady(tx, uploadId, made, now);
                return activities.stored(tx, made);
            });
        } catch (RuntimeException e) {
            throw activities.duplicateOrRethrow(e, activity);
        }
    }

    /** {@code GET /uploads/{id}}: the viewer's upload; another athlete's is as good as missing. */
    public Optional<Upload> find(Viewer viewer, UploadId id) {
        return database.read(tx -> store.find(tx, id)).filter(viewer::maySee);
    }

    private synchronized void submit(UploadId id) {
        if (executor == null || executor.isShutdown() || !queued.add(id)) {
            return;
        }
        try {
            executor.execute(() -> run(id));
        } catch (RejectedExecutionException e) {
            queued.remove(id);
        }
    }

    private void run(UploadId id) {
        try {
            processing.record(() -> process(id));
        } catch (RuntimeException e) {
            LOG.warn("upload {} could not be processed now, will try again: {}", id, e.getMessage());
        } finally {
            queued.remove(id);
        }
        drain();
    }

    /** Queues waiting uploads while the queue has room. */
    private void drain() {
        ThreadPoolExecutor pool = executor;
        if (pool == null || pool.isShutdown()) {
            return;
        }
        int room = pool.getQueue().remainingCapacity();
        if (room == 0) {
            return;
        }
        try {
            Set<UploadId> skip = Set.copyOf(queued);
            List<UploadId> waiting = database.read(tx -> store.processing(tx, room, skip));
            waiting.forEach(this::submit);
        } catch (RuntimeException e) {
            LOG.warn("cannot look for waiting uploads now: {}", e.getMessage());
        }
    }

    /**
     * Parses the upload's file and makes its activity; a file that is not what it claims, or a duplicate of
     * an earlier upload, ends as an error. A database outage or a full disk leaves it processing, to be tried
     * again.
     */
    void process(UploadId id) {
        Optional<Submitted> found = database.read(tx -> store.find(tx, id)
                .filter(upload -> upload.status() == UploadStatus.PROCESSING)
                .map(upload -> new Submitted(upload, store.file(tx, id))));
        if (found.isEmpty()) {
            return;
        }
        Upload upload = found.get().upload();
        if (found.get().file().isEmpty()) {
            markError(id, UNREADABLE);
            return;
        }
        Optional<Track> track = parse(upload, found.get().file().get());
        if (track.isPresent()) {
            makeActivity(upload, track.get());
        }
    }

    /** A processing upload and its file, read together. */
    private record Submitted(Upload upload, Optional<byte[]> file) {}

    private Optional<Track> parse(Upload upload, byte[] content) {
        try {
            return Optional.of(parser.parse(content, upload.dataType()));
        } catch (TrackFormatException e) {
            markError(upload.id(), e.getMessage() == null ? UNREADABLE : e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn(
                    "upload {}: the {} parser failed: {}",
                    upload.id(),
                    upload.dataType().wireName(),
                    e.toString());
            markError(upload.id(), UNREADABLE);
        }
        return Optional.empty();
    }

    /**
     * Makes the activity and marks the upload ready in one transaction: the file is analysed first, so the
     * transaction holds database work only.
     */
    private void makeActivity(Upload upload, Track track) {
        TrackImport options = new TrackImport(
                upload.name(),
                upload.description(),
                Visibility.EVERYONE,
                upload.trainer(),
                upload.commute(),
                Optional.of(upload.externalId()),
                Optional.of(upload.id()),
                Optional.of(upload.digest()));
        NewActivity activity;
        try {
            activity = activities.prepare(upload.athleteId(), track, options);
        } catch (RuntimeException e) {
            LOG.error("upload {} failed", upload.id(), e);
            markError(upload.id(), UNREADABLE);
            return;
        }
        Instant now = clock.instant();
        try {
            database.write(tx -> {
                ActivityId made = activities.insert(tx, activity);
                if (!store.markReady(tx, upload.id(), made, now)) {
                    throw new NoLongerProcessing();
                }
                return made;
            });
        } catch (NoLongerProcessing e) {
            LOG.debug("upload {} was finished elsewhere", upload.id());
        } catch (RuntimeException e) {
            RuntimeException cause = activities.duplicateOrRethrow(e, activity);
            if (cause instanceof DuplicateActivityException duplicate) {
                markError(
                        upload.id(), upload.externalId() + " duplicate of activity " + duplicate.existingActivityId());
            } else if (StorageFaults.isTemporary(cause)) {
                throw cause;
            } else {
                LOG.error("upload {} failed", upload.id(), cause);
                markError(upload.id(), UNREADABLE);
            }
        }
    }

    private void markError(UploadId id, String error) {
        Instant now = clock.instant();
        database.write(tx -> {
            store.markError(tx, id, error, now);
            return null;
        });
    }

    static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the workers; an upload cut off mid-way stays processing and is resumed by the next {@link #start()}. */
    @Override
    public void close() {
        ThreadPoolExecutor pool;
        synchronized (this) {
            pool = executor;
        }
        if (pool != null) {
            // Hands back what is queued (it stays processing in the database, for the next start or another
            // node) and lets the uploads being parsed finish; one that takes too long is interrupted and stays
            // processing too (contract#graceful-stop).
            pool.getQueue().clear();
            pool.shutdown();
            try {
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                    pool.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Another worker or node finished the upload first: roll back this activity. */
    private static final class NoLongerProcessing extends RuntimeException {
        NoLongerProcessing() {
            super("upload no longer processing", null, false, false);
        }
    }
}
