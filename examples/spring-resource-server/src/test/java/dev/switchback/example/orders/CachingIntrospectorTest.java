package dev.switchback.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

class CachingIntrospectorTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final FakeSwitchback switchback = new FakeSwitchback();
    private final CachingIntrospector introspector = new CachingIntrospector(switchback, BOUND, clock);

    @Test
    void anActiveAnswer_isReused_untilTheBound() {
        switchback.answers(active(clock.instant().plus(Duration.ofHours(6))));

        introspector.introspect("token");
        clock.advance(BOUND.minusSeconds(1));
        introspector.introspect("token");
        assertThat(switchback.asked).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        introspector.introspect("token");
        assertThat(switchback.asked).hasSize(2);
    }

    @Test
    void anActiveAnswer_isNotReused_pastTheTokensExpiry_whenThatComesFirst() {
        switchback.answers(active(clock.instant().plusSeconds(10)));

        introspector.introspect("token");
        clock.advance(Duration.ofSeconds(9));
        introspector.introspect("token");
        assertThat(switchback.asked).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        introspector.introspect("token");
        assertThat(switchback.asked).hasSize(2);
    }

    @Test
    void anActiveAnswer_withoutExp_isReused_untilTheBound() {
        switchback.answers(new OAuth2IntrospectionAuthenticatedPrincipal(
                Map.of("sub", "67890"), AuthorityUtils.createAuthorityList("SCOPE_read")));

        introspector.introspect("token");
        clock.advance(BOUND);
        introspector.introspect("token");

        assertThat(switchback.asked).hasSize(2);
    }

    @Test
    void anInactiveAnswer_isRefusedAgain_fromTheCache_untilTheBound_andAskedAgainAfter() {
        switchback.refuses();

        assertThatThrownBy(() -> introspector.introspect("revoked")).isInstanceOf(BadOpaqueTokenException.class);
        clock.advance(BOUND.minusSeconds(1));
        assertThatThrownBy(() -> introspector.introspect("revoked")).isInstanceOf(BadOpaqueTokenException.class);
        assertThat(switchback.asked).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> introspector.introspect("revoked")).isInstanceOf(BadOpaqueTokenException.class);
        assertThat(switchback.asked).hasSize(2);
    }

    @Test
    void aFailureToAsk_isNotKept_andTheNextRequestAsksAgain() {
        switchback.fails();
        assertThatThrownBy(() -> introspector.introspect("token")).isInstanceOf(OAuth2IntrospectionException.class);

        switchback.answers(active(clock.instant().plus(Duration.ofHours(6))));
        assertThat(introspector.introspect("token").getName()).isEqualTo("67890");
        assertThat(switchback.asked).hasSize(2);
    }

    @Test
    void eachToken_hasItsOwnAnswer() {
        switchback.answers(active(clock.instant().plus(Duration.ofHours(6))));

        introspector.introspect("one");
        introspector.introspect("two");

        assertThat(switchback.asked).containsExactly("one", "two");
    }

    private static OAuth2AuthenticatedPrincipal active(Instant exp) {
        return new OAuth2IntrospectionAuthenticatedPrincipal(
                Map.of("sub", "67890", "exp", exp), AuthorityUtils.createAuthorityList("SCOPE_read"));
    }

    /** Switchback's introspection endpoint as Spring's introspector sees it, counting the questions. */
    private static final class FakeSwitchback implements OpaqueTokenIntrospector {
        final List<String> asked = new ArrayList<>();
        private OpaqueTokenIntrospector answer;

        void answers(OAuth2AuthenticatedPrincipal principal) {
            answer = token -> principal;
        }

        void refuses() {
            answer = token -> {
                throw new BadOpaqueTokenException("Provided token isn't active");
            };
        }

        void fails() {
            answer = token -> {
                throw new OAuth2IntrospectionException("503 Service Unavailable");
            };
        }

        @Override
        public OAuth2AuthenticatedPrincipal introspect(String token) {
            asked.add(token);
            return answer.introspect(token);
        }
    }
}
