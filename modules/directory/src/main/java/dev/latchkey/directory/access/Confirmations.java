package dev.latchkey.directory.access;

import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.user.LoginThrottle;
import dev.latchkey.directory.user.Users;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * "Sudo mode" for sensitive operations with a login session (which operations: {@link Sensitive},
 * {@link SensitiveWhen}, enforced for every route by the app's confirmation filter): a stolen session
 * JWT alone cannot mint tokens, add owners or loosen the rules. The login must be younger than
 * {@code latchkey.security.sudo-window}, or the request must carry the password in
 * {@code X-Confirm-Password}. Token-authenticated callers (admins' automation) are not asked: they
 * have no password and their token was itself minted under this rule.
 *
 * <p>A confirmation is a login by another door, so a wrong one counts as a failed login of the
 * account ({@link LoginThrottle}, audited as {@code login.failed} via confirmation), and while the
 * account is locked even the right password is refused.
 */
@Singleton
public class Confirmations {
    public static final String HEADER = "X-Confirm-Password";
    /** Set on the request once its password was checked, so that no later step hashes it again. */
    private static final String CONFIRMED_ATTRIBUTE = "latchkey.confirmed";

    private final Users users;
    private final LoginThrottle throttle;
    private final Duration window;
    private final Clock clock;

    public Confirmations(Users users, LoginThrottle throttle,
                         SecuritySettings settings, Clock clock) {
        this.users = users;
        this.throttle = throttle;
        this.window = settings.sudoWindow();
        this.clock = clock;
    }

    /**
     * The operation is sensitive: a session must have logged in within the window or confirm with
     * its password now. A password that was sent is always checked, even inside the window.
     */
    public void require(Caller caller, @Nullable String confirmPassword) {
        if (!caller.isSession() || alreadyConfirmed()) {
            return;
        }
        if (confirmPassword != null) {
            confirm(caller, confirmPassword);
            ServerRequestContext.currentRequest().ifPresent(Confirmations::markConfirmed);
            return;
        }
        requireRecentLogin(caller);
    }

    /**
     * For operations whose sensitivity depends on what they change (a role, an IP list, a policy):
     * the service asks a {@link SensitiveOperations} rule and passes the answer here. The password,
     * if any, was already checked by the filter for this request.
     */
    public void requireIf(Caller caller, boolean sensitive) {
        if (!sensitive || !caller.isSession() || alreadyConfirmed()) {
            return;
        }
        requireRecentLogin(caller);
    }

    /**
     * Checks a password sent in {@link #HEADER} against the caller's account, through the same
     * per-account throttle as {@code POST /login}. Whoever calls it marks the request it checked
     * ({@link #markConfirmed(HttpRequest)}).
     */
    public void confirm(Caller caller, String password) {
        if (!caller.isSession() || caller.userId() == null) {
            return;
        }
        UUID account = caller.userId();
        if (throttle.blocked(account)) {
            throttle.recordThrottled(account, LoginThrottle.VIA_CONFIRMATION, caller.clientIp(), caller.userAgent());
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                    "too many wrong passwords for this account; try again later",
                    Map.of("reason", "too_many_failed_logins"));
        }
        if (password.length() > 128 || !users.passwordMatches(account, password)) {
            throttle.recordFailure(account, LoginThrottle.VIA_CONFIRMATION, caller.clientIp(), caller.userAgent());
            throw ProblemException.forbidden("confirmation-failed",
                    "the password in " + HEADER + " does not match", Map.of("reason", "confirmation_failed"));
        }
        throttle.succeeded(account);
    }

    /** The request's password was checked: the rest of its handling counts as confirmed. */
    public static void markConfirmed(HttpRequest<?> request) {
        request.setAttribute(CONFIRMED_ATTRIBUTE, Boolean.TRUE);
    }

    private void requireRecentLogin(Caller caller) {
        Instant loggedIn = caller.authenticatedAt();
        if (loggedIn != null && !loggedIn.plus(window).isBefore(clock.instant())) {
            return;
        }
        throw ProblemException.forbidden("confirmation-required",
                "this action needs a confirmation: send your password in " + HEADER + " or log in again",
                Map.of("reason", "confirmation_required"));
    }

    private static boolean alreadyConfirmed() {
        Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
        return request.flatMap(r -> r.getAttribute(CONFIRMED_ATTRIBUTE, Boolean.class)).orElse(false);
    }
}
