package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the app may say about one token without its secret: for introspection (RFC 7662), for the
 * audit trail (whose workspace and whose owner an event belongs to) and for revocation checks.
 *
 * @param subject     who the token acts for, as {@code user:<id>}, {@code workspace:<id>} or
 *                    {@code service:<id>} (the same string the forward-auth header carries)
 * @param issuedAt    when the token was created
 * @param expiresAt   null when it never expires
 * @param workspaceId the workspace the token is bound to; null for a PAT that is not limited to one
 * @param grant       the token's own grant as the API shows it (scopes, roles or permissions)
 * @param ownerUserId the human a personal token belongs to, who sees its events in
 *                    {@code /api/user/audit-events}; null for workspace and service tokens
 */
public record TokenFacts(TokenKind kind, UUID tokenId, String subject, Instant issuedAt, Instant expiresAt,
                         UUID workspaceId, Map<String, Object> grant, UUID ownerUserId) {

    public TokenFacts {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuedAt, "issuedAt");
        grant = grant == null ? Map.of() : Map.copyOf(grant);
    }

    public static String userSubject(UUID userId) {
        return "user:" + userId;
    }

    public static String workspaceSubject(UUID workspaceId) {
        return "workspace:" + workspaceId;
    }

    public static String serviceSubject(UUID serviceUserId) {
        return "service:" + serviceUserId;
    }
}
