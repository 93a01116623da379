package dev.switchback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit for SQLite: one writer thread takes every transaction waiting at that moment, runs them
 * in one database transaction, and commits them with one durable flush. A transaction that throws is
 * rolled back alone; the others commit (see {@link #commit}). No caller returns
 * before the commit that holds its work is on disk, so durability is exactly that of one transaction
 * each, and since the transactions run one after another, so is isolation: of two refreshes with one
 * token in the same group, the second sees the first's rotation.
 *
 * <p>The writer asks for the highest thread priority: every writing request waits on this one thread, and
 * on two busy cores the scheduler otherwise hands its slices to request threads that then only wait for it
 * (code exchange p99 at 70% of peak: 43-55 ms without, 18-22 ms with). Linux JVMs apply priorities only
 * with {@code -XX:ThreadPriorityPolicy=1} and the right to raise one (root or CAP_SYS_NICE); the
 * {@code switchback} launcher adds the option where it has that right.
 */
public final class GroupCommit implements Writes {
    private static final int MAX_GROUP = 256;

    private final Jdbi jdbi;
    private final Optional<CommitWatch> commits;
    private final Lock turn;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * With {@code commits}, each group's commit evicts from the read caches what its jobs declared stale.
     * Each group holds {@code turn} for its transaction, so the {@link Checkpointer} can take a turn between
     * two groups instead of meeting SQLite's lock, whose busy handler sleeps in steps of up to 100 ms.
     */
    public GroupCommit(Jdbi jdbi, Optional<CommitWatch> commits, Lock turn) {
        this.jdbi = jdbi;
        this.commits = commits;
        this.turn = turn;
        this.writer = new Thread(this::run, "switchback-group-commit");
        this.writer.setDaemon(true);
        this.writer.setPriority(Thread.MAX_PRIORITY);
        this.writer.start();
    }

    @Override
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return inTransaction((handle, stale) -> work.withHandle(handle), Stale.everything());
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return inTransaction(work, new Stale());
    }

    private <T> T inTransaction(Work<T> work, Stale stale) {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
        Job<T> job = new Job<>(work, stale);
        queue.add(job);
        return job.await();
    }

    /** How many transactions are waiting for the writer (for tests). */
    int waiting() {
        return queue.size();
    }

    private void run() {
        List<Job<?>> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                turn.lock();
                try {
                    commit(group);
                } finally {
                    turn.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                group.forEach(job -> job.result.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /**
     * One transaction for the group; each job's outcome is released only once the commit is durable.
     * The jobs first run back to back with no savepoints, which is all a group of jobs that succeed
     * needs. If one throws, the part it wrote may be in the transaction, so the whole transaction is
     * rolled back and the group runs again with a savepoint per job: the one that throws is rolled back
     * alone and the others commit. Jobs are database work only, so running one again is safe.
     */
    private void commit(List<Job<?>> group) {
        List<Runnable> outcomes;
        try {
            outcomes = numbered(group, handle -> runTogether(handle, group));
        } catch (JobFailed failed) {
            outcomes = group.size() == 1
                    ? List.of(() -> group.get(0).result.completeExceptionally(failed.getCause()))
                    : numbered(group, handle -> runInSavepoints(handle, group));
        }
        outcomes.forEach(Runnable::run);
    }

    /**
     * Runs {@code work} in one transaction. If it changed rows, its commit is numbered first (see
     * {@link CommitWatch}), and once committed it evicts what the group's jobs declared stale, before any
     * caller is told.
     */
    private List<Runnable> numbered(List<Job<?>> group, Function<Handle, List<Runnable>> work) {
        if (commits.isEmpty()) {
            return jdbi.inTransaction(work::apply);
        }
        long[] number = {-1};
        List<Runnable> outcomes;
        try {
            outcomes = jdbi.inTransaction(handle -> {
                long before = CommitWatch.changesSoFar(handle);
                List<Runnable> done = work.apply(handle);
                if (CommitWatch.changesSoFar(handle) != before) {
                    number[0] = commits.get().numberNextCommit();
                }
                return done;
            });
        } catch (RuntimeException | Error e) {
            if (number[0] >= 0) {
                commits.get().failed(number[0]);
            }
            throw e;
        }
        if (number[0] >= 0) {
            Stale stale = new Stale();
            group.forEach(job -> stale.addAll(job.stale));
            commits.get().committed(number[0], stale);
        }
        return outcomes;
    }

    private static List<Runnable> runTogether(Handle handle, List<Job<?>> group) {
        List<Runnable> outcomes = new ArrayList<>(group.size());
        for (Job<?> job : group) {
            outcomes.add(job.run(handle));
        }
        return outcomes;
    }

    private static List<Runnable> runInSavepoints(Handle handle, List<Job<?>> group) {
        List<Runnable> outcomes = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            outcomes.add(group.get(i).runIn(handle, "job" + i));
        }
        return outcomes;
    }

    /** A job threw while the group ran without savepoints: the transaction must go. */
    private static final class JobFailed extends RuntimeException {
        JobFailed(RuntimeException cause) {
            super(cause);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job<?> left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new IllegalStateException("the database is closed"));
        }
    }

    private static final class Job<T> {
        final Work<T> work;
        final Stale stale;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Job(Work<T> work, Stale stale) {
            this.work = work;
            this.stale = stale;
        }

        /** Runs the work as part of the group's transaction; a throw fails the whole transaction. */
        Runnable run(Handle handle) {
            try {
                T value = work.run(handle, stale);
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                throw new JobFailed(e);
            }
        }

        /**
         * Runs the work in a savepoint of its own; returns what to tell the caller once the group has
         * committed. A rolled-back savepoint stays open, empty, until the commit closes it.
         */
        Runnable runIn(Handle handle, String savepoint) {
            handle.savepoint(savepoint);
            try {
                T value = work.run(handle, stale);
                handle.releaseSavepoint(savepoint);
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                handle.rollbackToSavepoint(savepoint);
                return () -> result.completeExceptionally(e);
            }
        }

        T await() {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a commit", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
