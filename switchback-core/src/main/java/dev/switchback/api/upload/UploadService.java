package dev.switchback.api.upload;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityService;
import dev.switchback.api.activity.DuplicateActivityException;
import dev.switchback.api.activity.TrackImport;
import dev.switchback.api.activity.Visibility;
import dev.switchback.api.track.DataType;
import dev.switchback.api.track.Track;
import dev.switchback.api.track.TrackFormatException;
import dev.switchback.api.track.TrackParser;
import dev.switchback.store.StorageFaults;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
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
 * Uploads (spec §7.5, §8.5). {@link #accept} stores the upload and its file, then queues it; a small pool
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

    private final UploadStore store;
    private final ActivityService activities;
    private final TrackParser parser;
    private final Clock clock;
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private volatile ThreadPoolExecutor executor;

    public UploadService(UploadStore store, ActivityService activities, TrackParser parser, Clock clock) {
        this.store = store;
        this.activities = activities;
        this.parser = parser;
        this.clock = clock;
    }

    /** Starts the workers, which first queue every upload still processing. Until then, uploads only wait. */
    public synchronized void start() {
        if (executor == null) {
            executor = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                        Thread thread = new Thread(runnable, "switchback-uploads");
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.execute(this::drain);   // on a worker: the server's start does not wait for this query
        }
    }

    /** Stores the upload (processing) and its file, queues it, and returns it at once. */
    public Upload accept(long athleteId, NewUpload upload) {
        Upload stored = store.insert(athleteId, upload, digest(upload.content()), clock.instant());
        submit(stored.id());
        return stored;
    }

    /**
     * Reads a file and makes its activity now, without an upload (the CLI's {@code activities import}): the
     * same parser, the same duplicate rule (by the file's digest) and the same {@link ActivityService}.
     */
    public Activity importFile(long athleteId, byte[] content, DataType type, TrackImport options) throws TrackFormatException {
        Track track = parser.parse(new ByteArrayInputStream(content), type);
        return activities.importTrack(athleteId, track, options.withDigest(digest(content)));
    }

    /** The athlete's upload; another athlete's is as good as missing. */
    public Optional<Upload> find(long athleteId, long id) {
        return store.find(id).filter(upload -> upload.athleteId() == athleteId);
    }

    private synchronized void submit(long id) {
        if (executor == null || executor.isShutdown() || !queued.add(id)) {
            return;
        }
        try {
            executor.execute(() -> run(id));
        } catch (RejectedExecutionException e) {
            queued.remove(id);
        }
    }

    private void run(long id) {
        try {
            process(id);
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
            List<Long> waiting = store.processing(room, Set.copyOf(queued));
            waiting.forEach(this::submit);
        } catch (RuntimeException e) {
            LOG.warn("cannot look for waiting uploads now: {}", e.getMessage());
        }
    }

    /**
     * Parses the upload's file and makes its activity; a file that is not what it claims, or a duplicate of
     * an earlier upload, ends as an error. A database outage leaves it processing, to be tried again.
     */
    void process(long id) {
        Optional<Upload> found = store.find(id).filter(u -> u.status() == UploadStatus.PROCESSING);
        if (found.isEmpty()) {
            return;
        }
        Upload upload = found.get();
        Optional<byte[]> file = store.file(id);
        if (file.isEmpty()) {
            store.markError(id, UNREADABLE, clock.instant());
            return;
        }
        Optional<Track> track = parse(upload, file.get());
        if (track.isPresent()) {
            makeActivity(upload, track.get());
        }
    }

    private Optional<Track> parse(Upload upload, byte[] content) {
        try {
            return Optional.of(parser.parse(new ByteArrayInputStream(content), upload.dataType()));
        } catch (TrackFormatException e) {
            store.markError(upload.id(), e.getMessage() == null ? UNREADABLE : e.getMessage(), clock.instant());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("upload {}: the {} parser failed: {}", upload.id(), upload.dataType().wireName(), e.toString());
            store.markError(upload.id(), UNREADABLE, clock.instant());
        }
        return Optional.empty();
    }

    private void makeActivity(Upload upload, Track track) {
        TrackImport options = new TrackImport(upload.name(), upload.description(), Visibility.EVERYONE, upload.trainer(),
                upload.commute(), Optional.of(upload.externalId()), Optional.of(upload.id()), Optional.of(upload.digest()));
        try {
            store.jdbi().useTransaction(handle -> {
                long activityId = activities.importTrack(handle, upload.athleteId(), track, options);
                if (!store.markReady(handle, upload.id(), activityId, clock.instant())) {
                    throw new NoLongerProcessing();
                }
            });
        } catch (NoLongerProcessing e) {
            LOG.debug("upload {} was finished elsewhere", upload.id());
        } catch (RuntimeException e) {
            RuntimeException cause = activities.duplicateOrRethrow(e, upload.athleteId(), options);
            if (cause instanceof DuplicateActivityException duplicate) {
                store.markError(upload.id(), upload.externalId() + " duplicate of activity " + duplicate.existingActivityId(),
                        clock.instant());
            } else if (StorageFaults.isUnavailable(cause)) {
                throw cause;
            } else {
                LOG.error("upload {} failed", upload.id(), cause);
                store.markError(upload.id(), UNREADABLE, clock.instant());
            }
        }
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
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
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
