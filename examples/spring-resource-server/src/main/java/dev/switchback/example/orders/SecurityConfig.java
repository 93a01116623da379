package dev.switchback.example.orders;

import java.time.Clock;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every path and the scope it needs, in one table; tokens checked at Switchback's {@code /oauth/introspect}.
 *
 * <p>Switchback answers {@code scope} space-separated ({@code "read activity:read_all"}), as RFC 7662 has it,
 * so Spring's introspector maps each scope to the authority {@code SCOPE_<scope>} as it is.
 */
@Configuration
class SecurityConfig {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(routes -> routes.requestMatchers(HttpMethod.GET, "/orders")
                        .hasAuthority("SCOPE_read")
                        .requestMatchers(HttpMethod.GET, "/orders/private")
                        .hasAuthority("SCOPE_activity:read_all")
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server.opaqueToken(Customizer.withDefaults()));
        return http.build();
    }

    /** Spring's introspector, set by {@code spring.security.oauth2.resourceserver.opaquetoken.*}, behind the cache. */
    @Bean
    OpaqueTokenIntrospector introspector(
            OAuth2ResourceServerProperties resourceServer, IntrospectionCacheSettings cache) {
        OAuth2ResourceServerProperties.Opaquetoken switchback = resourceServer.getOpaquetoken();
        OpaqueTokenIntrospector introspector = SpringOpaqueTokenIntrospector.withIntrospectionUri(
                        required("introspection-uri", switchback.getIntrospectionUri()))
                .clientId(required("client-id", switchback.getClientId()))
                .clientSecret(required("client-secret", switchback.getClientSecret()))
                .build();
        return new CachingIntrospector(introspector, cache.bound(), Clock.systemUTC());
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "spring.security.oauth2.resourceserver.opaquetoken." + key + " is required (got none)");
        }
        return value;
    }
}
