package dev.latchkey.directory.access;

import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.user.Users;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * "Sudo mode" for token minting and revocation with a login session: a stolen session JWT alone
 * cannot mint long-lived tokens. The login must be younger than {@code latchkey.security.sudo-window},
 * or the request must carry the password in {@code X-Confirm-Password}. Token-authenticated
 * callers (admins' automation) are not asked: they have no password and their token was itself
 * minted under this rule.
 */
@Singleton
public class Confirmations {
    public static final String HEADER = "X-Confirm-Password";

    private final Users users;
    private final Duration window;
    private final Clock clock;

    public Confirmations(Users users, @Value("${latchkey.security.sudo-window:5m}") Duration window, Clock clock) {
        this.users = users;
        this.window = window;
        this.clock = clock;
    }

    public void require(Caller caller, @Nullable String confirmPassword) {
        if (!caller.isSession()) {
            return;
        }
        if (confirmPassword != null) {
            if (confirmPassword.length() <= 128 && users.passwordMatches(caller.userId(), confirmPassword)) {
                return;
            }
            throw ProblemException.forbidden("confirmation-failed",
                    "the password in " + HEADER + " does not match", Map.of("reason", "confirmation_failed"));
        }
        Instant loggedIn = caller.authenticatedAt();
        if (loggedIn != null && !loggedIn.plus(window).isBefore(clock.instant())) {
            return;
        }
        throw ProblemException.forbidden("confirmation-required",
                "this action needs a confirmation: send your password in " + HEADER + " or log in again",
                Map.of("reason", "confirmation_required"));
    }
}
