package dev.switchback.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens, codes and client secrets: 160 random bits as 40 lowercase hex (contract#token-format). */
@UnitTest
class TokenGeneratorTest {
    private final TokenGenerator generator = new TokenGenerator();

    @Test
    void next_isFortyLowercaseHex_andParsesAsASecret() {
        Secret secret = generator.next();

        assertThat(secret.value()).matches("[0-9a-f]{40}");
        assertThat(Secret.parse(secret.value())).contains(secret);
    }

    @Test
    void next_thousandTimes_givesThousandDistinctValues() {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            values.add(generator.next().value());
        }

        assertThat(values).hasSize(1000);
    }
}
