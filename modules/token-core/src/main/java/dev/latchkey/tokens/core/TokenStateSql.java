package dev.latchkey.tokens.core;

/**
 * The list-by-state filter as SQL, written once for every token table: each kind's paged query
 * appends {@link #FILTER} and binds {@code :state} (a {@link TokenState#code()} or {@link #ALL})
 * and {@code :now}. It must agree with {@link TokenState#of}: revocation wins over expiry.
 */
public final class TokenStateSql {
    public static final String ALL = "all";

    public static final String FILTER = "(:state = 'all'"
            + " OR (:state = 'revoked' AND revoked_at IS NOT NULL)"
            + " OR (:state = 'active' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now))"
            + " OR (:state = 'expired' AND revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= :now))";

    private TokenStateSql() {
    }

    /** The {@code :state} parameter for a filter; null = every state. */
    public static String parameter(TokenState state) {
        return state == null ? ALL : state.code();
    }
}
