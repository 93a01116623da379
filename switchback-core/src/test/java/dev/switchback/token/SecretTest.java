package dev.switchback.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strava-shaped secrets (contract#token-format, contract#token-digests): 40 lowercase hex, stored only as SHA-256, never printed. */
@UnitTest
class SecretTest {
    private static final String VALUE = "7b2946535949ae70f015d696d8ac602830ece412";

    @Test
    void parse_fortyLowercaseHex_isASecret() {
        assertThat(Secret.parse(VALUE)).contains(new Secret(VALUE));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "7B2946535949AE70F015D696D8AC602830ECE412", // upper case
                "7b2946535949ae70f015d696d8ac602830ece41", // 39 characters
                "7b2946535949ae70f015d696d8ac602830ece4123", // 41 characters
                "7b2946535949ae70f015d696d8ac602830ece41g", // not hex
                " 7b2946535949ae70f015d696d8ac602830ece412", // padded
            })
    void parse_anythingElse_isEmpty(String value) {
        assertThat(Secret.parse(value)).isEmpty();
    }

    @Test
    void digest_isSha256OfTheValueInLowercaseHex() throws Exception {
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(VALUE.getBytes(StandardCharsets.UTF_8)));

        assertThat(new Secret(VALUE).digest().hex()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(Secret.digestOf(VALUE).hex()).isEqualTo(expected);
    }

    @Test
    void digest_ofKnownInput_matchesTheSha256TestVector() {
        assertThat(Secret.digestOf("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void toString_neverContainsTheValue() {
        Secret secret = new Secret(VALUE);

        assertThat(secret.toString()).doesNotContain(VALUE).doesNotContain(VALUE.substring(0, 8));
        assertThat(secret.toString())
                .contains(secret.digest().hex().substring(0, 6))
                .doesNotContain(secret.digest().hex());
    }
}
