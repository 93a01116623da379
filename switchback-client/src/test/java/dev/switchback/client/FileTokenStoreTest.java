package dev.switchback.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store: round trip, atomic replace, owner-only permissions, and a lock every user honours. */
@UnitTest
class FileTokenStoreTest {
    private static final Tokens TOKENS = new Tokens(
            "a".repeat(40),
            "b".repeat(40),
            Instant.parse("2026-03-01T16:00:00Z"),
            Optional.of(new Tokens.Athlete(7, Optional.empty(), "Marianne", "Vos")),
            List.of("read", "activity:read"));

    @TempDir
    Path directory;

    @Test
    void saveThenLoad_returnsTheSameTokens() {
        FileTokenStore store = new FileTokenStore(directory.resolve("tokens.json"));

        store.save(TOKENS);

        assertThat(new FileTokenStore(directory.resolve("tokens.json")).load()).contains(TOKENS);
    }

    @Test
    void load_ofAMissingFile_isEmpty() {
        assertThat(new FileTokenStore(directory.resolve("nothing.json")).load()).isEmpty();
    }

    @Test
    void save_createsTheFileAndAMissingDirectory_ownerOnly_andLeavesNoTemporaryFile() throws IOException {
        Path file = directory.resolve("config/switchback/tokens.json");
        FileTokenStore store = new FileTokenStore(file);

        store.withLock(() -> {
            store.save(TOKENS);
            return null;
        });
        store.save(TOKENS);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file.resolveSibling("tokens.json.lock"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tokens.json", "tokens.json.lock");
        }
    }

    @Test
    void save_overAFileOthersCouldRead_replacesItWithAnOwnerOnlyOne() throws IOException {
        Path file = directory.resolve("tokens.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new FileTokenStore(file).save(TOKENS);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void saveOfTokens_keepsTheMetadata() {
        FileTokenStore store = new FileTokenStore(directory.resolve("tokens.json"));
        store.save(TOKENS, Map.of("base_url", "http://127.0.0.1:8080", "client_id", "3"));

        store.save(new Tokens("c".repeat(40), "d".repeat(40), Instant.EPOCH, Optional.empty(), List.of()));

        assertThat(store.metadata())
                .containsExactlyInAnyOrderEntriesOf(Map.of("base_url", "http://127.0.0.1:8080", "client_id", "3"));
        assertThat(store.load().orElseThrow().accessToken()).isEqualTo("c".repeat(40));
    }

    @Test
    void load_ofACorruptFile_saysWhichFileAndWhatToDo() throws IOException {
        Path file = directory.resolve("tokens.json");
        Files.writeString(file, "{\"access_token\":\"abc");

        assertThatThrownBy(() -> new FileTokenStore(file).load())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("authorize again");
        Files.writeString(file, "{\"access_token\":\"abc\"}");
        assertThatThrownBy(() -> new FileTokenStore(file).load())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("holds no valid tokens");
    }

    @Test
    void delete_removesTheFile() {
        FileTokenStore store = new FileTokenStore(directory.resolve("tokens.json"));
        store.save(TOKENS);

        assertThat(store.delete()).isTrue();
        assertThat(store.load()).isEmpty();
        assertThat(store.delete()).isFalse();
    }

    @Test
    void withLock_excludesOtherStoresOnTheSameFile_inThisJvm_andIsReentrant() throws Exception {
        Path file = directory.resolve("tokens.json");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                FileTokenStore store = new FileTokenStore(file);
                done.add(pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    for (int j = 0; j < 20; j++) {
                        store.withLock(() -> store.withLock(() -> {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            Thread.yield();
                            inside.decrementAndGet();
                            return null;
                        }));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(overlaps).hasValue(0);
    }
}
