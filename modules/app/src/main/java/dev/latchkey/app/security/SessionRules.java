package dev.latchkey.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.directory.access.SecuritySettings;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.user.Session;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * What a login session's JWT must be, beyond a valid signature (DESIGN "Accounts"): signed with
 * HS256 exactly (the one algorithm Latchkey signs with; HS384/HS512 with the same secret, or no
 * signature, was not made here); an expiry in the future and no further from its issue than the
 * configured session lifetime; an issue time and a not-before that are not in the future beyond
 * {@code latchkey.security.session-clock-skew} (a future {@code iat} would also stretch the
 * confirmation window); a session id ({@code jti}), the session epoch ({@code sep}) and a user id
 * as subject. Whether that user and that session are still alive is {@code Sessions}' question.
 */
@Singleton
class SessionRules {
    private final Duration skew;
    private final Duration maxLifetime;

    /**
     * The lifetime is the framework's own key (the JWT generator reads it too), so it stays a
     * {@code @Value} rather than moving into one of Latchkey's settings records.
     */
    SessionRules(SecuritySettings settings,
                 @Value("${micronaut.security.token.generator.access-token.expiration:3600}") long lifetimeSeconds) {
        this.skew = settings.sessionClockSkew();
        this.maxLifetime = Duration.ofSeconds(lifetimeSeconds);
    }

    Optional<Session> admit(JWT jwt, Instant now) {
        if (!(jwt instanceof SignedJWT signed) || !JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm())) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty();
        }
        Instant latest = now.plus(skew);
        Instant expiresAt = instant(claims.getExpirationTime());
        Instant issuedAt = instant(claims.getIssueTime());
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (expiresAt == null || !expiresAt.isAfter(now) || issuedAt == null || issuedAt.isAfter(latest)
                || (notBefore != null && notBefore.isAfter(latest))
                || expiresAt.isAfter(issuedAt.plus(maxLifetime))) {
            return Optional.empty();
        }
        Optional<UUID> userId = Ids.parse(claims.getSubject());
        Optional<UUID> sessionId = Ids.parse(claims.getJWTID());
        if (userId.isEmpty() || sessionId.isEmpty()
                || !(claims.getClaim(Session.EPOCH_CLAIM) instanceof Number epoch) || epoch.longValue() < 0) {
            return Optional.empty();
        }
        return Optional.of(new Session(userId.get(), sessionId.get(), epoch.longValue(), issuedAt, expiresAt));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
