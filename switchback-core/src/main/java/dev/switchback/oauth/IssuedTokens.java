package dev.switchback.oauth;

import dev.switchback.athlete.Athlete;
import dev.switchback.token.Secret;
import java.time.Instant;
import java.util.Optional;

/** What a successful token request returns; {@code athlete} only on a code exchange. */
public record IssuedTokens(
        Secret accessToken, Secret refreshToken, Instant expiresAt, long expiresIn, Optional<Athlete> athlete) {}
