package dev.switchback.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.server.testing.Http;
import dev.switchback.server.testing.TestServer;
import dev.switchback.store.testing.TestDatabase;
import dev.switchback.testing.HttpTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The login throttle under bursts of parallel attempts, on two nodes sharing one database (contract#login):
 * each attempt is counted before its password is checked, so a burst gets no more checks than a slow
 * guesser. A 401 is an attempt whose password was checked; a 429 one refused without checking it.
 */
@HttpTest
class LoginBurstTest {
    private static final int IN_FLIGHT = 12;

    private TestDatabase database;
    private final List<TestServer> nodes = new ArrayList<>();

    private void start(TestDatabase.Kind kind, Map<String, String> settings) {
        database = TestDatabase.create(kind);
        for (int i = 0; i < 2; i++) {
            Map<String, String> withDatabase = new java.util.HashMap<>(settings);
            withDatabase.put("database.url", database.url());
            nodes.add(TestServer.start(withDatabase));
        }
        nodes.get(0).createAthlete("marianne");
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestServer::close);
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void parallelWrongPasswordsForOneAccount_checkOnlyTheFiveFreeAndOneMore_andTheRightOneIsThen429(
            TestDatabase.Kind kind) throws Exception {
        start(kind, Map.of());
        List<String> usernames = java.util.Collections.nCopies(24, "marianne");

        List<Integer> statuses = burst(usernames, "wrong password");

        assertThat(statuses.stream().filter(status -> status == 401))
                .as("passwords checked")
                .hasSize(6);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(18);
        assertThat(attempt(nodes.get(1), "marianne", TestServer.PASSWORD).status())
                .isEqualTo(429);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void parallelAttemptsFromOneAddress_acrossAccounts_checkOnlyTheFreeOnesAndOneMore(TestDatabase.Kind kind)
            throws Exception {
        start(kind, Map.of("login.free-failures-per-address", "10"));
        List<String> usernames = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            usernames.add("guess" + i);
        }

        List<Integer> statuses = burst(usernames, "wrong password");

        assertThat(statuses.stream().filter(status -> status == 401))
                .as("passwords checked")
                .hasSize(11);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(19);
        assertThat(attempt(nodes.get(0), "marianne", TestServer.PASSWORD).status())
                .isEqualTo(429);
    }

    /** One login attempt per username, {@link #IN_FLIGHT} at a time, alternating between the nodes. */
    private List<Integer> burst(List<String> usernames, String password) throws Exception {
        List<Http> browsers = new ArrayList<>();
        List<Http.Response> forms = new ArrayList<>();
        for (int i = 0; i < usernames.size(); i++) {
            Http browser = nodes.get(i % 2).http();
            browsers.add(browser);
            forms.add(browser.get("/login"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < usernames.size(); i++) {
                int attempt = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return submit(browsers.get(attempt), forms.get(attempt), usernames.get(attempt), password)
                            .status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Http.Response attempt(TestServer node, String username, String password) {
        Http browser = node.http();
        return submit(browser, browser.get("/login"), username, password);
    }

    private static Http.Response submit(Http browser, Http.Response form, String username, String password) {
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        return browser.postForm(
                "/login", Http.form("csrf", form.inputValue("csrf"), "username", username, "password", password));
    }
}
