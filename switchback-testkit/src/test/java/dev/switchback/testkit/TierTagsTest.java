package dev.switchback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.Tiers;
import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;

/** Every test class of this module runs in exactly one tier, so {@code -Dtier=...} never leaves one out. */
@UnitTest
class TierTagsTest {
    @Test
    void everyTestClass_carriesExactlyOneTier() {
        assertThat(Tiers.classesWithoutExactlyOneTier(TierTagsTest.class))
                .as("test classes without exactly one of @UnitTest, @StoreTest, @HttpTest, @BrowserTest, @ScaleTest")
                .isEmpty();
    }
}
