package dev.switchback.bench;

import dev.switchback.Switchback;
import dev.switchback.oauth.AccessGrant;
import dev.switchback.store.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * What it costs to learn whether anything was committed since a cached read, the question the token-check
 * cache asks on every bearer check: the whole cached check (which reads SQLite's commit counter from the
 * mapped wal-index, see {@code WalIndex}) against one {@code PRAGMA data_version} through the JDBC driver,
 * the documented way to ask a connection the same question. Run:
 * {@code java -jar bench/target/benchmarks.jar CommitCheck}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommitCheckBenchmark {
    private Path directory;
    private Switchback switchback;
    private BenchData data;
    private Connection connection;
    private PreparedStatement dataVersion;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        directory = Files.createTempDirectory("switchback-jmh");
        String url = directory.resolve("bench.db").toString();
        data = BenchData.create(url, 2000, 0);
        switchback = Switchback.open(DatabaseUrl.parse(url), 8, Switchback.Options.defaults(), Clock.systemUTC());
        connection = DriverManager.getConnection("jdbc:sqlite:" + url);
        dataVersion = connection.prepareStatement("PRAGMA data_version");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
        dataVersion.close();
        connection.close();
        switchback.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** The bearer check as served from the cache: digest, wal-index stamp, map lookup, expiry. */
    @Benchmark
    public AccessGrant cachedBearerCheck() {
        String token = data.accessTokens.get(ThreadLocalRandom.current().nextInt(data.accessTokens.size()));
        return switchback.tokens().authenticate(Optional.of(token));
    }

    /** The commit check alone, asked of SQLite as {@code PRAGMA data_version} on a connection of its own. */
    @Benchmark
    public long pragmaDataVersion() throws SQLException {
        try (ResultSet row = dataVersion.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
