package dev.latchkey.directory.audit;

import java.util.Optional;

/**
 * What happened. The codes are public (stored, returned and used as the {@code ?action=} filter),
 * so a released code never changes; new ones are added at the end.
 */
public enum AuditAction {
    TOKEN_CREATED("token.created"),
    TOKEN_REGENERATED("token.regenerated"),
    TOKEN_ROTATED("token.rotated"),
    /** A secret a rotation superseded was replayed at a rotate endpoint after its grace: the token was revoked. */
    TOKEN_REUSE_DETECTED("token.reuse_detected"),
    TOKEN_COPIED("token.copied"),
    TOKEN_UPDATED("token.updated"),
    TOKEN_REVOKED("token.revoked"),
    TOKEN_REVOKED_AS_LEAKED("token.revoked_as_leaked"),
    TOKEN_EXPIRED_ON_USE("token.expired_on_use"),
    TOKEN_REFUSED_IP("token.refused_ip"),
    TOKEN_REFUSED_POLICY("token.refused_policy"),
    TOKEN_USED_FROM_NEW_IP("token.used_from_new_ip"),
    TOKEN_REVOKED_UNUSED("token.revoked_unused"),
    TOKEN_EXCLUDED("token.excluded_from_workspace"),
    TOKEN_REQUEST_APPROVED("token.request_approved"),
    TOKEN_REQUEST_DENIED("token.request_denied"),
    MEMBER_ADDED("member.added"),
    MEMBER_UPDATED("member.updated"),
    MEMBER_REMOVED("member.removed"),
    POLICY_UPDATED("policy.updated"),
    LOGIN_FAILED("login.failed"),
    LOGIN_THROTTLED("login.throttled"),
    USER_PASSWORD_CHANGED("user.password_changed"),
    USER_LOGGED_OUT("user.logged_out"),
    ACCESS_RULE_CREATED("access_rule.created"),
    ACCESS_RULE_UPDATED("access_rule.updated"),
    ACCESS_RULE_DELETED("access_rule.deleted"),
    /** An expiry notice went out (e-mail, or the log when no SMTP is configured); also the webhook event. */
    TOKEN_EXPIRING("token.expiring"),
    WEBHOOK_CREATED("webhook.created"),
    WEBHOOK_UPDATED("webhook.updated"),
    WEBHOOK_DELETED("webhook.deleted"),
    WEBHOOK_SECRET_ROTATED("webhook.secret_rotated"),
    WEBHOOK_TESTED("webhook.tested"),
    WEBHOOK_RETRIED("webhook.retried"),
    TOKEN_TYPE_CREATED("token_type.created"),
    TOKEN_TYPE_UPDATED("token_type.updated"),
    TOKEN_TYPE_DELETED("token_type.deleted");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<AuditAction> fromCode(String code) {
        for (AuditAction action : values()) {
            if (action.code.equals(code)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
