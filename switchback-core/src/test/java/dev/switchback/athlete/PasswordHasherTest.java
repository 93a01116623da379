package dev.switchback.athlete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Argon2id with OWASP's parameters, by the reference C implementation where it loads and by Password4j
 * elsewhere; both write and read the same PHC strings, so a hash outlives a change of implementation.
 */
@UnitTest
class PasswordHasherTest {
    private static final char[] PASSWORD = "correct horse battery stäple ⛰".toCharArray();
    private static final String OWASP_PHC_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";

    private static final Optional<Argon2id> REFERENCE = Argon2id.reference();

    private final PasswordHasher password4j = new PasswordHasher(Argon2id.password4j());
    private PasswordHasher reference;

    @BeforeEach
    void referenceWhereItLoads() {
        reference = new PasswordHasher(REFERENCE.orElse(Argon2id.password4j()));
    }

    private static void assumeTheReferenceLoads() {
        assumeTrue(
                REFERENCE.isPresent(),
                "libargon2 does not load on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                        + "; Password4j hashes there");
    }

    @Test
    void theReferenceImplementationLoadsOnLinuxX8664_theMachinesWeRunOn() {
        assumeTrue(
                System.getProperty("os.name").equals("Linux")
                        && System.getProperty("os.arch").equals("amd64"),
                "checked on Linux x86-64 only");
        assertThat(Argon2id.fastest().name()).isEqualTo("reference (libargon2)");
    }

    @Test
    void aHashIsAPhcStringWithOwaspParametersAndASaltOfItsOwn() {
        String first = reference.hash(PASSWORD);
        String second = reference.hash(PASSWORD);

        assertThat(first).startsWith(OWASP_PHC_PREFIX);
        assertThat(password4j.hash(PASSWORD)).startsWith(OWASP_PHC_PREFIX);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theRightPasswordVerifies_andAWrongOneDoesNot() {
        String hash = reference.hash(PASSWORD);

        assertThat(reference.verify(PASSWORD, hash)).isTrue();
        assertThat(reference.verify("correct horse battery staple ⛰".toCharArray(), hash))
                .isFalse();
        assertThat(reference.verify(new char[0], hash)).isFalse();
    }

    @Test
    void hashesMadeByPassword4j_verifyWithTheReference_andTheOtherWayRound() {
        assumeTheReferenceLoads();
        String byPassword4j = password4j.hash(PASSWORD);
        String byReference = reference.hash(PASSWORD);

        assertThat(reference.verify(PASSWORD, byPassword4j)).isTrue();
        assertThat(password4j.verify(PASSWORD, byReference)).isTrue();
        assertThat(reference.verify("wrong".toCharArray(), byPassword4j)).isFalse();
        assertThat(password4j.verify("wrong".toCharArray(), byReference)).isFalse();
    }

    @Test
    void hashesOnManyThreads_giveTheirMemoryBackToTheSystem() throws Exception {
        assumeTheReferenceLoads();
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "reads resident memory from /proc");
        long before = residentKib();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> hashes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                hashes.add(threads.submit(() -> reference.hash(PASSWORD)));
            }
            for (Future<String> hash : hashes) {
                assertThat(hash.get()).startsWith(OWASP_PHC_PREFIX);
            }
        } finally {
            threads.shutdown();
        }

        // glibc would keep each hash's 19 MiB in the malloc arena of the thread that freed it: 19 MiB a thread.
        assertThat(residentKib() - before).as("resident memory grown, KiB").isLessThan(24 * 1024);
    }

    private static long residentKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMalformedHashVerifiesNoPassword_withoutAnError() {
        for (PasswordHasher hasher : new PasswordHasher[] {reference, password4j}) {
            assertThat(hasher.verify(PASSWORD, "")).isFalse();
            assertThat(hasher.verify(PASSWORD, "$argon2id$v=19$m=19456,t=2,p=1$not base64!$x"))
                    .isFalse();
            assertThat(hasher.verify(PASSWORD, "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"))
                    .isFalse();
        }
    }
}
