package dev.latchkey.directory.user;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/user/password}: the current password is the confirmation, checked like a login
 * (the same per-account throttle, a wrong one audited as {@code login.failed} with
 * {@code via: confirmation}); the new one replaces it and every other session of the user ends at
 * once on every node (the session epoch moves on). The session that made the change stays.
 */
@Singleton
public class PasswordChanges {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Clock clock;

    public PasswordChanges(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, Sessions sessions,
                           AuditTrail audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void change(Caller caller, Session session, String current, String next) {
        UUID userId = caller.requireSessionUser("changing the password");
        if (next.length() < MIN_LENGTH || next.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("new", "new must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters");
        }
        User user = users.findById(userId).filter(u -> u.kind() == UserKind.HUMAN && u.active())
                .orElseThrow(() -> ProblemException.notFound("user not found"));
        if (throttle.blocked(userId)) {
            throttle.recordThrottled(userId, LoginThrottle.VIA_CONFIRMATION, caller.clientIp(), caller.userAgent());
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                    "too many wrong passwords for this account; try again later", Map.of("reason", "login_throttled"));
        }
        if (current.length() > MAX_LENGTH || !hasher.verify(current, user.passwordHash())) {
            throttle.recordFailure(userId, LoginThrottle.VIA_CONFIRMATION, caller.clientIp(), caller.userAgent());
            throw ProblemException.forbidden("confirmation-failed", "the current password does not match",
                    Map.of("reason", "confirmation_failed"));
        }
        if (next.equals(current)) {
            throw ProblemException.badRequest("new", "new must differ from the current password");
        }
        throttle.succeeded(userId);
        users.update(userId, hasher.hash(next), Times.now(clock));
        sessions.endAllOthers(userId, session.sessionId());
        audit.record(AuditEvent.by(caller, AuditAction.USER_PASSWORD_CHANGED).onUser(userId));
    }
}
