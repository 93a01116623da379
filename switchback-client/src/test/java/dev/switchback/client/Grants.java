package dev.switchback.client;

import dev.switchback.app.AppService;
import dev.switchback.server.testing.Flows;
import dev.switchback.server.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A real server with one athlete and one app, and the SDK pointed at it. */
final class Grants implements AutoCloseable {
    final TestServer server;
    final AppService.CreatedApp app;
    final StravaClient client;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Grants(TestServer server) {
        this.server = server;
        server.createAthlete("marianne");
        this.app = server.createApp("Training Log", "example.com");
        this.client = clientBuilder().build();
    }

    static Grants start() {
        return new Grants(TestServer.start());
    }

    static Grants start(java.util.Map<String, String> settings) {
        return new Grants(TestServer.start(settings));
    }

    /** The SDK for the app, on the server's clock. */
    StravaClient.Builder clientBuilder() {
        return StravaClient.builder()
                .baseUrl(server.baseUrl())
                .clientId(app.app().clientId().value())
                .clientSecret(app.secret().value())
                .redirectUri("http://localhost/cb")
                .clock(server.clock())
                .timeout(Duration.ofSeconds(20));
    }

    /** Marianne authorizes the app for {@code scope} in the browser; the SDK exchanges the code. */
    Tokens authorize(String scope) {
        return client.exchange(Flows.code(server, app, "marianne", scope), scope);
    }

    /** How many times the grant's refresh token was replaced (code exchanges and refreshes). */
    long generation() {
        return server.switchback()
                .database()
                .read(tx -> tx.sql("SELECT generation FROM grants").number());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
        }
    }

    /** A store that counts its saves. */
    static final class CountingStore implements TokenStore {
        final TokenStore delegate;
        final AtomicInteger saves = new AtomicInteger();

        CountingStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public java.util.Optional<Tokens> load() {
            return delegate.load();
        }

        @Override
        public void save(Tokens tokens) {
            saves.incrementAndGet();
            delegate.save(tokens);
        }

        @Override
        public <T> T withLock(Supplier<T> action) {
            return delegate.withLock(action);
        }
    }
}
