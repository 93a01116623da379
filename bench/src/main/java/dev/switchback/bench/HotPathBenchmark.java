package dev.switchback.bench;

import dev.switchback.Switchback;
import dev.switchback.athlete.AthleteId;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.scope.ScopeSet;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenDigest;
import dev.switchback.token.TokenGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Micro-benchmarks of the hot pieces: minting a token, digesting one, the scope check, and the whole
 * bearer check (digest + one indexed probe of a SQLite file + expiry) against 2,000 live tokens.
 * Run: {@code java -jar bench/target/benchmarks.jar HotPath}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
    private final TokenGenerator generator = new TokenGenerator();
    private final Secret secret = generator.next();
    private final ScopeSet scopes =
            ScopeSet.of(dev.switchback.scope.Scope.READ, dev.switchback.scope.Scope.ACTIVITY_READ_ALL);
    private Path directory;
    private Switchback switchback;
    private BenchData data;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("switchback-jmh");
        String url = directory.resolve("bench.db").toString();
        data = BenchData.create(url, 2000, 0);
        switchback = Switchback.open(
                dev.switchback.store.DatabaseUrl.parse(url), 8, Switchback.Options.defaults(), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        switchback.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public Secret mintToken() {
        return generator.next();
    }

    @Benchmark
    public TokenDigest digestToken() {
        return Secret.digestOf(secret.value());
    }

    @Benchmark
    public boolean scopeCheck() {
        return scopes.permits(dev.switchback.scope.Scope.ACTIVITY_READ);
    }

    @Benchmark
    public AccessGrant bearerCheck() {
        String token = data.accessTokens.get(ThreadLocalRandom.current().nextInt(data.accessTokens.size()));
        return switchback.tokens().authenticate(Optional.of(token));
    }

    @Benchmark
    public Object athleteRead() {
        return switchback
                .athletes()
                .find(new AthleteId(1 + ThreadLocalRandom.current().nextInt(2000)));
    }
}
