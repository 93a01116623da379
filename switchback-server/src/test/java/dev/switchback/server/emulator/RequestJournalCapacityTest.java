package dev.switchback.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The journal keeps the newest {@link RequestJournal#CAPACITY} requests, and their ids keep counting. */
@UnitTest
class RequestJournalCapacityTest {
    private static RequestJournal.Entry request(int status) {
        return new RequestJournal.Entry(
                0,
                Instant.EPOCH,
                "GET",
                "/api/v3/athlete",
                status,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    @Test
    void pastTheCapacity_theOldestAreDropped() {
        RequestJournal journal = new RequestJournal();
        for (int i = 0; i < RequestJournal.CAPACITY + 50; i++) {
            journal.add(request(200));
        }

        List<RequestJournal.Entry> kept = journal.since(0);

        assertThat(kept).hasSize(RequestJournal.CAPACITY);
        assertThat(kept.get(0).id()).isEqualTo(51);
        assertThat(kept.get(kept.size() - 1).id()).isEqualTo(RequestJournal.CAPACITY + 50L);
    }

    @Test
    void afterClear_idsKeepCounting() {
        RequestJournal journal = new RequestJournal();
        journal.add(request(200));
        journal.clear();
        journal.add(request(404));

        assertThat(journal.since(0)).extracting(RequestJournal.Entry::id).containsExactly(2L);
    }
}
