package dev.latchkey.authz;

import java.util.Objects;
import java.util.UUID;

/**
 * The caller of a request. A token carries two sets of rights: what its subject (the user, service
 * user or workspace behind it) may do right now, and the ceiling its own grant sets. Both are kept
 * apart so that a decision can say which of the two refused.
 *
 * @param subjectId    the user, service user or workspace the token acts for
 * @param tokenId      null for a session
 * @param tokenCeiling null for a session
 */
public record Principal(PrincipalKind kind, UUID subjectId, UUID tokenId, Rights subjectRights, Rights tokenCeiling) {

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(subjectRights, "subjectRights");
        if (kind == PrincipalKind.USER_SESSION) {
            if (tokenId != null || tokenCeiling != null) {
                throw new IllegalArgumentException("a session has no token id and no ceiling");
            }
        } else {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(tokenCeiling, "tokenCeiling");
        }
    }

    public static Principal session(UUID userId, Rights rights) {
        return new Principal(PrincipalKind.USER_SESSION, userId, null, rights, null);
    }

    public static Principal token(PrincipalKind kind, UUID subjectId, UUID tokenId, Rights subjectRights, Rights ceiling) {
        if (kind == PrincipalKind.USER_SESSION) {
            throw new IllegalArgumentException("a token principal needs a token kind");
        }
        return new Principal(kind, subjectId, tokenId, subjectRights, ceiling);
    }

    public boolean isToken() {
        return kind != PrincipalKind.USER_SESSION;
    }
}
