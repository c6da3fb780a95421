package dev.latchkey.app.security;

import dev.latchkey.directory.access.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * OAuth client authentication for the RFC 7662/7009 endpoints. Latchkey's client credential is a
 * Latchkey token: {@code client_secret_basic} is the Basic header with the token as the password
 * (already read by {@link LatchkeyTokenFetcher}); {@code client_secret_post} puts it in the form as
 * {@code client_secret}, which only the endpoint that parsed the form can see, so it is resolved
 * here, through the same fetcher and binder as a header. {@code client_id} is not checked: the
 * token says who the client is.
 */
@Singleton
public class ClientSecretAuthentication {
    private final LatchkeyTokenFetcher fetcher;
    private final CallerBinder binder;

    ClientSecretAuthentication(LatchkeyTokenFetcher fetcher, CallerBinder binder) {
        this.fetcher = fetcher;
        this.binder = binder;
    }

    /** The caller a form's {@code client_secret} authenticates, if it is a good token. Blocking. */
    public Optional<Caller> fromForm(@Nullable String clientSecret, HttpRequest<?> request) {
        if (clientSecret == null || clientSecret.isBlank()) {
            return Optional.empty();
        }
        return fetcher.authenticate(clientSecret.trim(), request).map(a -> binder.toCaller(a, request));
    }

    /**
     * The caller the request's {@code Authorization} header authenticates, judged from this node's
     * caches alone (no I/O, for a filter on the event loop): empty when no Latchkey token is in the
     * header or judging it needs storage; an empty caller when the token was refused. The judgement
     * stays on the request ({@link LatchkeyTokenFetcher#authenticateFromCache}).
     */
    public Optional<Optional<Caller>> fromHeaderCached(HttpRequest<?> request) {
        return fetcher.authenticateFromCache(request).map(judged -> judged.map(a -> binder.toCaller(a, request)));
    }
}
