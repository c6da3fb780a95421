package dev.latchkey.authz;

/**
 * Why a check ended as it did. The codes are public: they appear in problem+json bodies and in the
 * audit log, so they never change once published.
 */
public enum Reason {
    ALLOWED("allowed"),
    /** The resource is not visible to the caller at all; HTTP answers 404 so as not to reveal it. */
    NO_ACCESS("no_access"),
    /** A session's user can see the resource but lacks the permission. */
    MISSING_PERMISSION("missing_permission"),
    /** The token's subject holds the permission, but the token's own grant does not include it. */
    OUTSIDE_TOKEN_SCOPE("outside_token_scope"),
    /** The token's grant includes the permission, but its subject does not hold it at the moment. */
    SUBJECT_LACKS_RIGHT("subject_lacks_right"),
    /** The permission is about another kind of resource, e.g. a project permission asked on a workspace. */
    NOT_APPLICABLE("permission_not_applicable");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
