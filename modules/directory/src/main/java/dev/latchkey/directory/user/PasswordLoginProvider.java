package dev.latchkey.directory.user;

import dev.latchkey.directory.access.ClientAddress;
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
    private final Sessions sessions;
    private final ClientAddress clientAddress;

    public PasswordLoginProvider(Users users, LoginThrottle throttle, Sessions sessions, ClientAddress clientAddress) {
        this.users = users;
        this.clientAddress = clientAddress;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> authRequest) {
        String email = authRequest.getIdentity();
        String password = authRequest.getSecret();
        if (email == null || password == null || email.length() > 254 || password.length() > 128) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        // the throttle counts per account (its id), so no spelling of the email escapes it
        Optional<User> user = users.findHumanByEmail(email);
        // the same client address as everything else (trusted proxies honoured), for the audit trail
        String ip = request == null ? null : clientAddress.of(request);
        String agent = request == null ? null : request.getHeaders().get("User-Agent");
        if (user.isPresent() && throttle.blocked(user.get().id())) {
            throttle.recordThrottled(user.get().id(), LoginThrottle.VIA_LOGIN, ip, agent);
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        if (!users.passwordMatches(user, password)) {
            user.ifPresentOrElse(u -> throttle.recordFailure(u.id(), LoginThrottle.VIA_LOGIN, ip, agent),
                    () -> throttle.countFailure(LoginThrottle.VIA_LOGIN));
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        if (!user.get().active()) {
            // the same answer as a wrong password: a refusal says nothing about the account
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        throttle.succeeded(user.get().id());
        // becomes the JWT's "sep" claim: the session lives while this is the user's epoch
        return AuthenticationResponse.success(user.get().id().toString(), List.of(),
                Map.of(EMAIL_ATTRIBUTE, user.get().email(), Session.EPOCH_CLAIM, sessions.currentEpoch(user.get().id())));
    }
}
