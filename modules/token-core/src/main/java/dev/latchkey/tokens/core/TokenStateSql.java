package dev.latchkey.tokens.core;

/**
 * The list-by-state filter as SQL, written once for every token table: each kind's paged query
 * appends {@link #filter} and binds the current time to each {@code ?} in it. It must agree with
 * {@link TokenState#of}: revocation wins over expiry.
 */
public final class TokenStateSql {
    private TokenStateSql() {
    }

    /** The predicate for tokens in {@code state} (null = every state); each {@code ?} stands for "now". */
    public static String filter(TokenState state) {
        if (state == null) {
            return "1 = 1";
        }
        return switch (state) {
            case REVOKED -> "revoked_at IS NOT NULL";
            case ACTIVE -> "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";
            case EXPIRED -> "revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ?";
        };
    }
}
