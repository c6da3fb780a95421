package dev.latchkey.notifications.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events a webhook endpoint can subscribe to (DESIGN.md, "Governance for workspace owners"),
 * and which audit action each one follows: every event is raised from the audit trail, so a change
 * that is audited is also announced, in the same transaction.
 */
public final class WebhookEvents {
    /** The test event of "send test event"; never raised by a change. */
    public static final String TEST = "webhook.test";

    /** Event name -> the audit action codes that raise it. */
    private static final Map<String, List<String>> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put("token.created", List.of("token.created"));
        EVENTS.put("token.revoked", List.of("token.revoked", "token.revoked_as_leaked"));
        EVENTS.put("token.expiring", List.of("token.expiring"));
        EVENTS.put("token.leaked", List.of("token.revoked_as_leaked"));
        EVENTS.put("token.reuse_detected", List.of("token.reuse_detected"));
        EVENTS.put("member.added", List.of("member.added"));
        EVENTS.put("member.removed", List.of("member.removed"));
        EVENTS.put("policy.updated", List.of("policy.updated"));
    }

    private WebhookEvents() {
    }

    /** Every event name, in the documented order. */
    public static List<String> names() {
        return List.copyOf(EVENTS.keySet());
    }

    public static boolean isKnown(String name) {
        return EVENTS.containsKey(name);
    }

    /** The events an audit action raises (none for most actions). */
    public static List<String> raisedBy(String auditAction) {
        return EVENTS.entrySet().stream().filter(e -> e.getValue().contains(auditAction)).map(Map.Entry::getKey).toList();
    }

    static Optional<String> find(String name) {
        return isKnown(name) ? Optional.of(name) : Optional.empty();
    }
}
