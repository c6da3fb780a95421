package dev.latchkey.directory.audit;

import dev.latchkey.directory.access.Caller;
import io.micronaut.core.annotation.Nullable;

import java.util.Objects;
import java.util.UUID;

/**
 * One event before it is stored: built with {@link #by(Caller, AuditAction)} (who asked, from
 * where) or {@link #of(AuditAction, Actor)}, then narrowed with the {@code on…}/{@code with…}
 * methods. Immutable: each method returns a new event.
 *
 * @param tokenKind   {@code personal}, {@code workspace} or {@code service} for token events
 * @param workspaceId the workspace whose log shows the event; null for events of no workspace
 * @param ownerUserId the human whose own log shows the event (a PAT's owner); null otherwise
 * @param details     short text written by Latchkey, never a token (the trail refuses one)
 */
public record AuditEvent(AuditAction action, Actor actor, @Nullable String targetType, @Nullable UUID targetId,
                         @Nullable String tokenKind, @Nullable UUID workspaceId, @Nullable UUID ownerUserId,
                         @Nullable String ip, @Nullable String userAgent, @Nullable String details) {

    /** Who did it: a user (a session), a token, or nobody known (an anonymous report, the system). */
    public record Actor(String type, @Nullable UUID id) {
        public static final String USER = "user";
        public static final String TOKEN = "token";
        public static final String ANONYMOUS = "anonymous";

        public Actor {
            Objects.requireNonNull(type, "type");
        }

        public static Actor user(UUID userId) {
            return new Actor(USER, userId);
        }

        public static Actor token(UUID tokenId) {
            return new Actor(TOKEN, tokenId);
        }

        public static Actor anonymous() {
            return new Actor(ANONYMOUS, null);
        }

        /** A token acts as itself even when it acts for a user: the log must say which credential it was. */
        public static Actor of(Caller caller) {
            return caller.principal().isToken() ? token(caller.principal().tokenId()) : user(caller.userId());
        }
    }

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
    }

    public static AuditEvent of(AuditAction action, Actor actor) {
        return new AuditEvent(action, actor, null, null, null, null, null, null, null, null);
    }

    public static AuditEvent by(Caller caller, AuditAction action) {
        return of(action, Actor.of(caller)).from(caller.clientIp(), caller.userAgent());
    }

    /** A token event: the token is the target, and its workspace and owner decide who sees it. */
    public AuditEvent onToken(String kind, UUID tokenId, @Nullable UUID tokenWorkspaceId, @Nullable UUID tokenOwner) {
        return new AuditEvent(action, actor, "token", tokenId, kind, tokenWorkspaceId, tokenOwner, ip, userAgent, details);
    }

    /** An event about the workspace itself (its token policy): in the workspace's log. */
    public AuditEvent onWorkspace(UUID workspace) {
        return new AuditEvent(action, actor, "workspace", workspace, tokenKind, workspace, ownerUserId, ip, userAgent, details);
    }

    /** An event about a user's own account (a failed login): in that user's log. */
    public AuditEvent onUser(UUID userId) {
        return new AuditEvent(action, actor, "user", userId, tokenKind, null, userId, ip, userAgent, details);
    }

    /** A membership event: the member is the target, in the workspace's log. */
    public AuditEvent onMember(UUID workspace, UUID userId) {
        return new AuditEvent(action, actor, "user", userId, tokenKind, workspace, ownerUserId, ip, userAgent, details);
    }

    public AuditEvent from(@Nullable String clientIp, @Nullable String clientUserAgent) {
        return new AuditEvent(action, actor, targetType, targetId, tokenKind, workspaceId, ownerUserId, clientIp,
                clientUserAgent, details);
    }

    public AuditEvent withDetails(@Nullable String text) {
        return new AuditEvent(action, actor, targetType, targetId, tokenKind, workspaceId, ownerUserId, ip, userAgent,
                text);
    }
}
