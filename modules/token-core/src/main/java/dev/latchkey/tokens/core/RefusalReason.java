package dev.latchkey.tokens.core;

/**
 * Why a token was not accepted. The codes are public: they appear in 401/403 problem bodies
 * and in the audit log, so they do not change once released.
 */
public enum RefusalReason {
    MALFORMED("malformed"),
    UNKNOWN("unknown"),
    EXPIRED("expired"),
    REVOKED("revoked"),
    /**
     * A secret a rotation replaced, presented after its grace: answered as {@code revoked} like any
     * dead secret, but told apart inside, because at a rotate endpoint it is a replay (reuse detection).
     */
    SUPERSEDED("revoked"),
    IP_NOT_ALLOWED("ip_not_allowed"),
    SUBJECT_INACTIVE("subject_inactive"),
    POLICY_DENIED("policy_denied"),
    /** A PAT limited to a workspace that requires approval, not approved yet (issue #19). */
    PENDING_APPROVAL("pending_approval"),
    /** A PAT limited to a workspace whose owner denied it. */
    APPROVAL_DENIED("approval_denied");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
