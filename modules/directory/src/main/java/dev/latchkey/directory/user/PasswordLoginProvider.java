package dev.latchkey.directory.user;

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

/**
 * Backs Micronaut Security's {@code POST /login}. Password hashing is slow on purpose, so it runs
 * on the blocking executor (the interface's default), never on the event loop.
 */
@Singleton
public class PasswordLoginProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    public static final String EMAIL_ATTRIBUTE = "email";

    private final Users users;

    public PasswordLoginProvider(Users users) {
        this.users = users;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> authRequest) {
        String email = authRequest.getIdentity();
        String password = authRequest.getSecret();
        if (email == null || password == null || email.length() > 254 || password.length() > 128) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        return users.authenticate(email, password)
                .map(user -> AuthenticationResponse.success(user.id().toString(), List.of(),
                        Map.of(EMAIL_ATTRIBUTE, user.email())))
                .orElseGet(() -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
    }
}
