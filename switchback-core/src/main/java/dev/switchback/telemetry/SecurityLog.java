package dev.switchback.telemetry;

import dev.switchback.app.AppId;
import dev.switchback.athlete.AthleteId;
import dev.switchback.oauth.GrantId;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Security events, on the logger {@code switchback.security} (contract#logs), each with an {@code event} key and
 * ids, never a token, code, secret, password or login name (a mistyped password often lands in the name field).
 * Attacks and refusals are WARN; an operator's changes are INFO. Called after the transaction decided, so a
 * transaction that runs twice logs once.
 */
public final class SecurityLog {
    private static final Logger LOG = LoggerFactory.getLogger("switchback.security");

    private SecurityLog() {}

    public static void loginFailed(String address, Optional<AthleteId> athlete) {
        LoggingEventBuilder line = LOG.atWarn()
                .setMessage("login failed")
                .addKeyValue("event", "login_failed")
                .addKeyValue("address", address);
        if (athlete.isPresent()) {
            line = line.addKeyValue("athlete_id", athlete.get().toString());
        }
        line.log();
    }

    public static void loginThrottled(String address, Duration retryAfter) {
        LOG.atWarn()
                .setMessage("login throttled")
                .addKeyValue("event", "login_throttled")
                .addKeyValue("address", address)
                .addKeyValue("retry_after_s", retryAfter.toSeconds())
                .log();
    }

    /** A used authorization code presented again; {@code revoked} names the grant it revoked (hardened). */
    public static void codeReplayed(AppId app, Optional<GrantId> revoked) {
        LOG.atWarn()
                .setMessage("authorization code replayed")
                .addKeyValue("event", "code_replayed")
                .addKeyValue("client_id", app.toString())
                .log();
        revoked.ifPresent(grant -> grantRevokedForReplay(app, grant));
    }

    /** A superseded refresh token presented outside its retry window. */
    public static void refreshTokenReplayed(AppId app, GrantId grant, boolean revoked) {
        LOG.atWarn()
                .setMessage("refresh token replayed")
                .addKeyValue("event", "refresh_token_replayed")
                .addKeyValue("client_id", app.toString())
                .addKeyValue("grant_id", grant.toString())
                .log();
        if (revoked) {
            grantRevokedForReplay(app, grant);
        }
    }

    private static void grantRevokedForReplay(AppId app, GrantId grant) {
        LOG.atWarn()
                .setMessage("grant revoked for replay")
                .addKeyValue("event", "grant_revoked_for_replay")
                .addKeyValue("client_id", app.toString())
                .addKeyValue("grant_id", grant.toString())
                .log();
    }

    public static void secretRotated(AppId app) {
        LOG.atInfo()
                .setMessage("client secret rotated")
                .addKeyValue("event", "secret_rotated")
                .addKeyValue("client_id", app.toString())
                .log();
    }

    public static void appDeleted(AppId app) {
        LOG.atInfo()
                .setMessage("app deleted")
                .addKeyValue("event", "app_deleted")
                .addKeyValue("client_id", app.toString())
                .log();
    }
}
