package dev.switchback.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import dev.switchback.token.Secret;
import dev.switchback.token.TokenGenerator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A refresh's answer, sealed so that only the token it answered opens it (contract#refresh-retry-window). */
@UnitTest
class SealedAnswerTest {
    private final TokenGenerator tokens = new TokenGenerator();
    private final Secret presented = tokens.next();
    private final SealedAnswer.Answer answer =
            new SealedAnswer.Answer(tokens.next(), tokens.next(), Instant.parse("2026-03-01T16:00:00Z"));

    @Test
    void sealedAnswer_opensWithTheTokenPresented_toTheSameTokensAndExpiry() {
        String sealed = SealedAnswer.seal(presented, answer);

        assertThat(SealedAnswer.open(presented, sealed)).contains(answer);
        assertThat(sealed)
                .hasSize(102)
                .doesNotContain(answer.access().value(), answer.refresh().value());
    }

    @Test
    void sealedAnswer_opensWithNothingElse_notTheTokensDigest_norAnotherToken() {
        String sealed = SealedAnswer.seal(presented, answer);

        assertThat(SealedAnswer.open(tokens.next(), sealed)).isEmpty();
        assertThat(SealedAnswer.open(new Secret(presented.digest().hex().substring(0, 40)), sealed))
                .isEmpty();
    }

    @Test
    void sealedAnswer_altered_opensToNothing() {
        String sealed = SealedAnswer.seal(presented, answer);
        char last = sealed.charAt(50);
        String altered = sealed.substring(0, 50) + (last == 'A' ? 'B' : 'A') + sealed.substring(51);

        assertThat(SealedAnswer.open(presented, altered)).isEmpty();
        assertThat(SealedAnswer.open(presented, "not base64 !")).isEmpty();
        assertThat(SealedAnswer.open(presented, "")).isEmpty();
    }

    @Test
    void sealingTwice_givesTwoDifferentSealedForms() {
        assertThat(SealedAnswer.seal(presented, answer)).isNotEqualTo(SealedAnswer.seal(presented, answer));
    }
}
