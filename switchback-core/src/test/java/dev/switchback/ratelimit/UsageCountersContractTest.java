package dev.switchback.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.app.AppId;
import dev.switchback.store.Database;
import dev.switchback.store.DatabaseUrl;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.store.testing.TestRedis;
import dev.switchback.testing.StoreTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every place usage can be counted in counts exactly, also under concurrency. */
@StoreTest
class UsageCountersContractTest {
    enum Store {
        MEMORY,
        SQLITE,
        POSTGRESQL,
        REDIS
    }

    private static final Windows NOW = Windows.at(Instant.parse("2026-03-01T10:07:00Z"));

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AppId appId = new AppId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private UsageCounters counters(Store store) {
        UsageCounters counters = switch (store) {
            case MEMORY -> new MemoryCounters();
            case SQLITE, POSTGRESQL -> {
                TestDatabase testDatabase = TestDatabase.create(
                        store == Store.SQLITE ? TestDatabase.Kind.SQLITE : TestDatabase.Kind.POSTGRESQL);
                Database database = Database.open(DatabaseUrl.parse(testDatabase.url()), 8);
                closeables.add(testDatabase);
                closeables.add(0, database);
                yield new DatabaseCounters(database);
            }
            case REDIS -> new RedisCounters(TestRedis.url(), Long.toHexString(appId.value()));
        };
        closeables.add(0, counters);
        return counters;
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void increment_countsOverallAlways_andReadOnlyForReads(Store store) {
        UsageCounters counters = counters(store);

        counters.increment(appId, NOW, true);
        Usage usage = counters.increment(appId, NOW, false);

        assertThat(usage).isEqualTo(new Usage(2, 2, 1, 1));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void current_readsTheCountsOfTheWindows_withoutCountingAnything(Store store) {
        UsageCounters counters = counters(store);
        assertThat(counters.current(appId, NOW)).isEqualTo(new Usage(0, 0, 0, 0));
        counters.increment(appId, NOW, true);
        counters.increment(appId, NOW, false);

        assertThat(counters.current(appId, NOW)).isEqualTo(new Usage(2, 2, 1, 1));
        assertThat(counters.current(appId, NOW)).isEqualTo(new Usage(2, 2, 1, 1));
        assertThat(counters.current(appId, Windows.at(Instant.parse("2026-03-01T10:15:00Z"))))
                .isEqualTo(new Usage(0, 2, 0, 1));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void increment_inANewQuarterHour_startsThe15MinuteCountAgain_butNotTheDaily(Store store) {
        UsageCounters counters = counters(store);
        counters.increment(appId, NOW, true);

        Usage usage = counters.increment(appId, Windows.at(Instant.parse("2026-03-01T10:15:00Z")), true);

        assertThat(usage).isEqualTo(new Usage(1, 2, 1, 2));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void increment_fromManyThreadsAtOnce_isExact(Store store) throws Exception {
        UsageCounters counters = counters(store);
        int threads = 8;
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        counters.increment(appId, NOW, true);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Usage usage = counters.increment(appId, NOW, false);

        assertThat(usage).isEqualTo(new Usage(threads * each + 1, threads * each + 1, threads * each, threads * each));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void quarterHours_readsEachQuarterHourOfTheDay_withoutCountingAnything(Store store) {
        UsageCounters counters = counters(store);
        counters.increment(appId, Windows.at(Instant.parse("2026-02-28T23:59:00Z")), true);
        counters.increment(appId, Windows.at(Instant.parse("2026-03-01T00:00:00Z")), true);
        counters.increment(appId, NOW, true);
        counters.increment(appId, NOW, false);
        Windows later = Windows.at(Instant.parse("2026-03-01T23:50:00Z"));
        counters.increment(appId, later, false);

        List<QuarterHourUsage> day = counters.quarterHours(appId, later);

        assertThat(day).hasSize(96);
        assertThat(day.get(0)).isEqualTo(new QuarterHourUsage(NOW.dayStart(), 1, 1));
        assertThat(day.get(40)).isEqualTo(new QuarterHourUsage(NOW.quarterHourStart(), 2, 1));
        assertThat(day.get(95)).isEqualTo(new QuarterHourUsage(later.quarterHourStart(), 1, 0));
        assertThat(day.stream().mapToLong(QuarterHourUsage::overall).sum()).isEqualTo(4);
        assertThat(counters.quarterHours(appId, later)).isEqualTo(day);
        assertThat(counters.current(appId, later)).isEqualTo(new Usage(1, 4, 0, 2));
    }
}
