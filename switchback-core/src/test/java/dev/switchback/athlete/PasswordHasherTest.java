package dev.switchback.athlete;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Argon2id with OWASP's parameters, by the reference C implementation where it loads and by Password4j
 * elsewhere; both write and read the same PHC strings, so a hash outlives a change of implementation.
 */
class PasswordHasherTest {
    private static final char[] PASSWORD = "correct horse battery stäple ⛰".toCharArray();
    private static final String OWASP_PHC_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";

    private final PasswordHasher reference = new PasswordHasher(Argon2id.reference().orElseThrow());
    private final PasswordHasher password4j = new PasswordHasher(Argon2id.password4j());

    @Test
    void theReferenceImplementationLoadsOnLinuxX8664_theMachinesWeRunOn() {
        if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertThat(Argon2id.fastest().name()).isEqualTo("reference (libargon2)");
        }
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
        assertThat(reference.verify("correct horse battery staple ⛰".toCharArray(), hash)).isFalse();
        assertThat(reference.verify(new char[0], hash)).isFalse();
    }

    @Test
    void hashesMadeByPassword4j_verifyWithTheReference_andTheOtherWayRound() {
        String byPassword4j = password4j.hash(PASSWORD);
        String byReference = reference.hash(PASSWORD);

        assertThat(reference.verify(PASSWORD, byPassword4j)).isTrue();
        assertThat(password4j.verify(PASSWORD, byReference)).isTrue();
        assertThat(reference.verify("wrong".toCharArray(), byPassword4j)).isFalse();
        assertThat(password4j.verify("wrong".toCharArray(), byReference)).isFalse();
    }

    @Test
    void aMalformedHashVerifiesNoPassword_withoutAnError() {
        for (PasswordHasher hasher : new PasswordHasher[] {reference, password4j}) {
            assertThat(hasher.verify(PASSWORD, "")).isFalse();
            assertThat(hasher.verify(PASSWORD, "$argon2id$v=19$m=19456,t=2,p=1$not base64!$x")).isFalse();
            assertThat(hasher.verify(PASSWORD, "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")).isFalse();
        }
    }
}
