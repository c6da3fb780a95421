package dev.latchkey.directory.user;

import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.tokens.core.TokenRedaction;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backs Micronaut Security's {@code POST /login}. Password hashing is slow on purpose, so it runs
 * on the blocking executor (the interface's default), never on the event loop.
 */
@Singleton
public class PasswordLoginProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    public static final String EMAIL_ATTRIBUTE = "email";

    private final Users users;
    private final LoginThrottle throttle;
    private final AuditTrail audit;

    public PasswordLoginProvider(Users users, LoginThrottle throttle, AuditTrail audit) {
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> authRequest) {
        String email = authRequest.getIdentity();
        String password = authRequest.getSecret();
        if (email == null || password == null || email.length() > 254 || password.length() > 128) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        String account = Users.normalizeEmail(email);
        if (throttle.blocked(account)) {
            record(request, AuditAction.LOGIN_THROTTLED, account);
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        Optional<User> user = users.authenticate(email, password);
        if (user.isEmpty()) {
            throttle.failed(account);
            record(request, AuditAction.LOGIN_FAILED, account);
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        throttle.succeeded(account);
        return AuthenticationResponse.success(user.get().id().toString(), List.of(),
                Map.of(EMAIL_ATTRIBUTE, user.get().email()));
    }

    /** Failed and throttled logins of an existing account land in that account's own audit log. */
    private void record(@Nullable HttpRequest<B> request, AuditAction action, String account) {
        users.findByEmail(account).ifPresent(target -> {
            String ip = request == null || request.getRemoteAddress().getAddress() == null ? null
                    : request.getRemoteAddress().getAddress().getHostAddress();
            String agent = request == null ? null : request.getHeaders().get("User-Agent");
            audit.record(AuditEvent.of(action, AuditEvent.Actor.anonymous()).from(ip,
                    TokenRedaction.redactThenCut(agent, AuditTrail.MAX_USER_AGENT)).onUser(target.id()));
        });
    }
}
