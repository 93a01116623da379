package dev.switchback.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

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
final class GroupCommit implements Writes {
    private static final int MAX_GROUP = 256;
    private static final String MARK = "UPDATE commit_marks SET mark = mark + 1 WHERE id = 1";

    private final Database.Connections connections;
    private final Optional<CommitWatch> commits;
    private final Lock turn;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private final DistributionSummary batchSizes;
    private final Timer waits;

    /**
     * With {@code commits}, each group's commit evicts from the read caches what its jobs changed.
     * Each group holds {@code turn} for its transaction, so the {@link Checkpointer} can take a turn between
     * two groups instead of meeting SQLite's lock, whose busy handler sleeps in steps of up to 100 ms.
     */
    GroupCommit(Database.Connections connections, Optional<CommitWatch> commits, Lock turn, MeterRegistry meters) {
        this.batchSizes = DistributionSummary.builder("switchback.group.commit.batch.size")
                .description("transactions committed together by one durable flush")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) MAX_GROUP)
                .register(meters);
        this.waits = Timer.builder("switchback.group.commit.wait")
                .description("how long a transaction waited for the writer to take it")
                .publishPercentileHistogram()
                .register(meters);
        this.connections = connections;
        this.commits = commits;
        this.turn = turn;
        this.writer = new Thread(this::run, "switchback-group-commit");
        this.writer.setDaemon(true);
        this.writer.setPriority(Thread.MAX_PRIORITY);
        this.writer.start();
    }

    @Override
    public <T> T write(Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
        Job<T> job = new Job<>(work);
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
                measure(group);
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

    private void measure(List<Job<?>> group) {
        batchSizes.record(group.size());
        long now = System.nanoTime();
        for (Job<?> job : group) {
            waits.record(now - job.enqueued, TimeUnit.NANOSECONDS);
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
            outcomes = numbered(group, false);
        } catch (JobFailed failed) {
            outcomes = group.size() == 1
                    ? List.of(() -> group.get(0).result.completeExceptionally(failed.getCause()))
                    : numbered(group, true);
        }
        outcomes.forEach(Runnable::run);
    }

    /**
     * Runs the group in one transaction. If it changed rows, its commit is numbered first (see
     * {@link CommitWatch}), and once committed it evicts what the group's jobs changed, before any caller
     * is told.
     */
    private List<Runnable> numbered(List<Job<?>> group, boolean savepoints) {
        long number = -1;
        Changes changes = Changes.NONE;
        List<Runnable> outcomes = new ArrayList<>(group.size() * 2);
        Database.Lease lease = connections.borrow();
        Connection connection = lease.connection();
        boolean broken = false;
        try {
            connection.setAutoCommit(false);
            try {
                long before = commits.isPresent() ? CommitWatch.changesSoFar(connection) : 0;
                for (int i = 0; i < group.size(); i++) {
                    Tx tx = connections.writeTx(lease);
                    Runnable outcome = savepoints
                            ? group.get(i).runIn(connection, tx, "job" + i)
                            : group.get(i).run(tx);
                    broken |= tx.connectionBroken();
                    if (!savepoints || group.get(i).succeeded) {
                        changes = changes.and(tx.changes());
                        outcomes.add(tx::committed); // before its caller is told
                    }
                    outcomes.add(outcome);
                }
                if (commits.isPresent() && CommitWatch.changesSoFar(connection) != before) {
                    markCommit(lease);
                    number = commits.get().numberNextCommit();
                }
                connection.commit();
            } catch (RuntimeException | Error | SQLException e) {
                rollBack(connection);
                if (number >= 0) {
                    commits.get().failed(number);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            broken |= StorageFaults.isUnavailable(e);
            throw new Database.StatementFailedException(e);
        } finally {
            connections.giveBack(lease, broken);
        }
        if (number >= 0) {
            commits.get().committed(number, changes);
        }
        return outcomes;
    }

    /**
     * Makes sure the commit of a group that changed rows writes a WAL frame, so that SQLite counts it: rows
     * set to the values they had change no page, and SQLite then commits without writing anything, which
     * {@link CommitWatch} would take for a wal-index it cannot read (the cache would go off).
     */
    private static void markCommit(Database.Lease lease) throws SQLException {
        PreparedStatement mark = lease.statements().take(MARK);
        try {
            mark.executeUpdate();
        } finally {
            lease.statements().give(mark);
        }
    }

    private static void rollBack(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool gets it back as such, and the transaction died with it.
        }
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
        final CompletableFuture<T> result = new CompletableFuture<>();
        final long enqueued = System.nanoTime();
        boolean succeeded;

        Job(Work<T> work) {
            this.work = work;
        }

        /** Runs the work as part of the group's transaction; a throw fails the whole transaction. */
        Runnable run(Tx tx) {
            try {
                T value = work.run(tx);
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                throw new JobFailed(e);
            }
        }

        /**
         * Runs the work in a savepoint of its own; returns what to tell the caller once the group has
         * committed. A rolled-back savepoint stays open, empty, until the commit closes it.
         */
        Runnable runIn(Connection connection, Tx tx, String name) throws SQLException {
            Savepoint savepoint = connection.setSavepoint(name);
            try {
                T value = work.run(tx);
                connection.releaseSavepoint(savepoint);
                succeeded = true;
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                connection.rollback(savepoint);
                succeeded = false;
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
