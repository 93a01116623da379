package dev.switchback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.StoreTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token transactions on SQLite that wait together commit together, and each keeps the guarantees of a
 * transaction of its own: one that throws leaves nothing behind and takes none of the others with it.
 */
@StoreTest
class GroupCommitTest {
    /** Bounds a wait that would otherwise never end; never a speed the machine must reach. */
    private static final long HANG_SECONDS = 120;

    @TempDir
    Path directory;

    private Database database;
    private GroupCommit writes;
    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @BeforeEach
    void open() {
        database = Database.open(DatabaseUrl.parse(directory.resolve("group.db").toString()), 2);
        writes = (GroupCommit) database.writes();
        database.write(tx -> tx.sql("CREATE TABLE probe (id INTEGER PRIMARY KEY, seen INTEGER NOT NULL)")
                .update());
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        database.close();
    }

    @Test
    void theWriterThreadAsksForTheHighestPriority_forEveryWritingRequestWaitsOnIt() {
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("switchback-group-commit"))
                .findFirst()
                .orElseThrow();

        assertThat(writer.getPriority()).isEqualTo(Thread.MAX_PRIORITY);
    }

    @Test
    void jobsThatWaitTogether_allCommit_andEachSeesTheWritesOfTheOnesBefore() throws Exception {
        List<CompletableFuture<Integer>> results = inOneGroup(
                () -> writes.write(this::insertCountingOthers),
                () -> writes.write(this::insertCountingOthers),
                () -> writes.write(this::insertCountingOthers));

        assertThat(results.stream().map(CompletableFuture::join).sorted()).containsExactly(1, 2, 3);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aJobThatThrows_inAGroup_isRolledBackAlone_andTheOthersCommit() throws Exception {
        List<CompletableFuture<Integer>> results = inOneGroup(
                () -> writes.write(this::insertCountingOthers),
                () -> writes.write(tx -> {
                    insertCountingOthers(tx);
                    throw new IllegalStateException("refused after writing");
                }),
                () -> writes.write(this::insertCountingOthers));

        assertThatThrownBy(results.get(1)::get)
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("refused after writing");
        assertThat(List.of(results.get(0).join(), results.get(2).join())).containsExactlyInAnyOrder(1, 2);
        assertThat(rows())
                .as("the failed job's row is gone, the others' are committed")
                .isEqualTo(2);
    }

    @Test
    void aJobThatThrows_alone_writesNothing_andItsCallerGetsTheException() {
        assertThatThrownBy(() -> writes.write(tx -> {
                    insertCountingOthers(tx);
                    throw new IllegalArgumentException("alone");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alone");

        assertThat(rows()).isZero();
    }

    @Test
    void anAfterCommitAction_runsForTheJobsThatCommitted_andNotForTheOneRolledBack() throws Exception {
        java.util.Queue<String> ran = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<CompletableFuture<Integer>> results = inOneGroup(
                () -> writes.write(tx -> {
                    tx.afterCommit(() -> ran.add("first"));
                    return insertCountingOthers(tx);
                }),
                () -> writes.write(tx -> {
                    tx.afterCommit(() -> ran.add("refused"));
                    insertCountingOthers(tx);
                    throw new IllegalStateException("refused after writing");
                }),
                () -> writes.write(tx -> {
                    tx.afterCommit(() -> {
                        throw new IllegalStateException("an action that throws");
                    });
                    tx.afterCommit(() -> ran.add("third"));
                    return insertCountingOthers(tx);
                }));

        assertThat(results.get(0).join()).isPositive();
        assertThat(results.get(2).join()).isPositive();
        assertThat(ran)
                .as("the rolled-back job's action never ran; one that throws stops neither the rest nor the callers")
                .containsExactlyInAnyOrder("first", "third");
    }

    @Test
    void anAfterCommitAction_hasRunWhenTheCallerIsAnswered_andOnceWhenAskedTwice() {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        Runnable action = ran::incrementAndGet;

        writes.write(tx -> {
            tx.afterCommit(action);
            tx.afterCommit(action);
            return insertCountingOthers(tx);
        });

        assertThat(ran).hasValue(1);
    }

    /** Holds the writer with one job until the given ones are all queued, so they form the next group. */
    @SafeVarargs
    private List<CompletableFuture<Integer>> inOneGroup(Supplier<Integer>... jobs) throws Exception {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(
                () -> writes.write(tx -> {
                    writerHeld.countDown();
                    await(release);
                    return null;
                }),
                callers);
        assertThat(writerHeld.await(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> results = new java.util.ArrayList<>();
        for (Supplier<Integer> job : jobs) { // not a stream of the array: javac would warn that it leaks
            results.add(CompletableFuture.supplyAsync(job, callers));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (writes.waiting() < jobs.length && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(writes.waiting()).as("jobs queued behind the held writer").isEqualTo(jobs.length);
        release.countDown();
        holder.get(HANG_SECONDS, TimeUnit.SECONDS);
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .get(HANG_SECONDS, TimeUnit.SECONDS);
        return results;
    }

    /** Inserts a row and answers how many rows the transaction sees, its own included. */
    private Integer insertCountingOthers(Tx tx) {
        tx.sql("INSERT INTO probe (seen) VALUES ((SELECT count(*) FROM probe))").update();
        return (int) tx.sql("SELECT count(*) FROM probe").number();
    }

    private int rows() {
        return database.read(tx -> tx.sql("SELECT count(*) FROM probe").number())
                .intValue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
