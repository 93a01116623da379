package dev.switchback.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.testing.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, canonical order and implication of scopes (contract#authorize, contract#bearer-check, contract#scopes). */
@UnitTest
class ScopeSetTest {

    @Test
    void parse_commaSeparated_returnsCanonicalOrder() {
        assertThat(ScopeSet.parseRequested("read_all,profile:read_all,activity:read_all"))
                .hasToString("read,activity:read_all,profile:read_all,read_all");
    }

    @Test
    void parse_spaceSeparated_isAcceptedLikeCommas() {
        assertThat(ScopeSet.parseRequested("activity:write profile:write"))
                .isEqualTo(ScopeSet.parseRequested("activity:write,profile:write"));
    }

    @Test
    void parse_mixedSeparatorsAndStrayCommas_areTolerated() {
        assertThat(ScopeSet.parseRequested(",activity:read, read_all ,")).hasToString("read,activity:read,read_all");
    }

    @Test
    void parse_missingOrBlank_meansRead() {
        assertThat(ScopeSet.parseRequested(null)).isEqualTo(ScopeSet.READ_ONLY);
        assertThat(ScopeSet.parseRequested("")).isEqualTo(ScopeSet.READ_ONLY);
        assertThat(ScopeSet.parseRequested("   ")).hasToString("read");
    }

    @Test
    void parse_withoutRead_stillGrantsRead() {
        ScopeSet scopes = ScopeSet.parseRequested("activity:read_all");

        assertThat(scopes.contains(Scope.READ)).isTrue();
        assertThat(scopes).hasToString("read,activity:read_all");
    }

    @Test
    void parse_activityReadAll_doesNotAddActivityRead() {
        assertThat(ScopeSet.parseRequested("activity:read_all").contains(Scope.ACTIVITY_READ))
                .isFalse();
    }

    @Test
    void parse_everyScope_listsAllSevenReadFirstThenAlphabetically() {
        ScopeSet all = ScopeSet.parseRequested(
                "read_all,profile:write,profile:read_all,activity:write,activity:read_all,activity:read,read");

        assertThat(all)
                .hasToString(
                        "read,activity:read,activity:read_all,activity:write,profile:read_all,profile:write,read_all");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"public", "view_private", "write", "read,write", "activity:read_all,bogus", "READ", "activity:*"
            })
    void parse_unknownOrLegacyScope_isAuthorizeScopeInvalid(String parameter) {
        assertThatThrownBy(() -> ScopeSet.parseRequested(parameter))
                .isInstanceOfSatisfying(FaultException.class, fault -> {
                    assertThat(fault.status()).isEqualTo(400);
                    assertThat(fault.errors()).containsExactly(new FaultError("Authorize", "scope", "invalid"));
                });
    }

    @Test
    void parse_overlongParameter_isAuthorizeScopeInvalid() {
        String huge = "read,".repeat(300);

        assertThatThrownBy(() -> ScopeSet.parseRequested(huge))
                .isInstanceOfSatisfying(
                        FaultException.class,
                        fault -> assertThat(fault.errors())
                                .containsExactly(new FaultError("Authorize", "scope", "invalid")));
    }

    @Test
    void permits_activityReadAll_satisfiesActivityRead() {
        assertThat(ScopeSet.of(Scope.ACTIVITY_READ_ALL).permits(Scope.ACTIVITY_READ))
                .isTrue();
    }

    @Test
    void permits_readAll_satisfiesRead() {
        assertThat(ScopeSet.of(Scope.READ_ALL).permits(Scope.READ)).isTrue();
    }

    @Test
    void permits_impliesNothingElse() {
        assertThat(ScopeSet.of(Scope.ACTIVITY_READ).permits(Scope.ACTIVITY_READ_ALL))
                .isFalse();
        assertThat(ScopeSet.of(Scope.READ).permits(Scope.READ_ALL)).isFalse();
        assertThat(ScopeSet.of(Scope.ACTIVITY_WRITE).permits(Scope.ACTIVITY_READ))
                .isFalse();
        assertThat(ScopeSet.of(Scope.PROFILE_WRITE).permits(Scope.PROFILE_READ_ALL))
                .isFalse();
        assertThat(ScopeSet.of(Scope.PROFILE_READ_ALL).permits(Scope.PROFILE_WRITE))
                .isFalse();
        assertThat(ScopeSet.of(Scope.READ_ALL).permits(Scope.ACTIVITY_READ)).isFalse();
        assertThat(ScopeSet.of(Scope.ACTIVITY_READ_ALL).permits(Scope.READ_ALL)).isFalse();
    }

    @Test
    void permits_everyScope_satisfiesItself() {
        for (Scope scope : Scope.values()) {
            assertThat(ScopeSet.of(scope).permits(scope)).as(scope.wireName()).isTrue();
        }
    }

    @Test
    void intersect_keepsCommonScopesAndAlwaysRead() {
        ScopeSet requested = ScopeSet.parseRequested("activity:read,profile:write");
        ScopeSet ticked = ScopeSet.of(Scope.PROFILE_WRITE);

        assertThat(requested.intersect(ticked)).hasToString("read,profile:write");
    }

    @Test
    void bits_roundTripThroughFromBits() {
        ScopeSet scopes = ScopeSet.parseRequested("activity:write,read_all");

        assertThat(ScopeSet.fromBits(scopes.bits())).isEqualTo(scopes);
    }
}
