package dev.switchback.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;

/** Sealing what the developer page shows again (contract#developer-page-secrets). */
@UnitTest
class PageSealTest {
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void open_ofWhatWasSealed_underTheSameKey_givesItBack_andTheSealedFormHidesIt() {
        PageSeal seal = PageSeal.ofHex(KEY);

        String sealed = seal.seal("7b2946535949ae70f015d696d8ac602830ece412");

        assertThat(sealed).doesNotContain("7b2946535949ae70f015d696d8ac602830ece412");
        assertThat(PageSeal.ofHex(KEY).open(sealed)).contains("7b2946535949ae70f015d696d8ac602830ece412");
        assertThat(seal.seal("same")).isNotEqualTo(seal.seal("same"));
    }

    @Test
    void open_underAnotherKey_orAltered_orMalformed_opensNothing() {
        PageSeal seal = PageSeal.ofHex(KEY);
        String sealed = seal.seal("secret");
        char[] altered = sealed.toCharArray();
        altered[20] = altered[20] == 'A' ? 'B' : 'A';

        assertThat(PageSeal.random().open(sealed)).isEmpty();
        assertThat(seal.open(new String(altered))).isEmpty();
        assertThat(seal.open("not base64 at all!")).isEmpty();
        assertThat(seal.open("")).isEmpty();
    }

    @Test
    void ofHex_withAKeyOfTheWrongShape_isRefused_withoutPrintingTheKey() {
        assertThatThrownBy(() -> PageSeal.ofHex("abc"))
                .hasMessage("a sealing key is 64 hex characters (got 3 characters)");
        assertThatThrownBy(() -> PageSeal.ofHex("z".repeat(64))).hasMessageNotContaining("zzz");
        assertThat(PageSeal.ofHex(KEY).toString()).doesNotContain("0011");
    }
}
