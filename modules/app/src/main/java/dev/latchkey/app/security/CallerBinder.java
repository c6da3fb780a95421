package dev.latchkey.app.security;

import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.directory.access.AuthMethod;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.user.Session;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns Micronaut Security's {@link Authentication} into the {@link Caller} every controller takes.
 * A token's principal was resolved when the token was read; a session's rights are looked up
 * (through the per-node cache) from the user's memberships now, so they are never older than the TTL.
 */
@Singleton
class CallerBinder implements TypedRequestArgumentBinder<Caller> {
    private final SubjectRights subjectRights;
    private final ClientAddresses clientAddresses;

    CallerBinder(SubjectRights subjectRights, ClientAddresses clientAddresses) {
        this.subjectRights = subjectRights;
        this.clientAddresses = clientAddresses;
    }

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return BindingResult.unsatisfied();
        }
        Caller caller = toCaller(authentication.get(), request);
        return () -> Optional.of(caller);
    }

    Caller toCaller(Authentication authentication, HttpRequest<?> request) {
        String clientIp = clientAddresses.of(request);
        String userAgent = ClientAddresses.userAgent(request);
        Object tokenPrincipal = authentication.getAttributes().get(LatchkeyTokenFetcher.PRINCIPAL_ATTRIBUTE);
        if (tokenPrincipal instanceof Principal principal) {
            // a workspace token's subject is its workspace; personal and service tokens act for a user
            UUID userId = principal.kind() == PrincipalKind.WORKSPACE_TOKEN ? null : principal.subjectId();
            return new Caller(principal, userId, AuthMethod.TOKEN, null, clientIp, userAgent);
        }
        // SessionTokenValidator admitted it: an active human's live session (a suspended user's
        // or a logged-out session's JWT never gets this far)
        if (!(authentication.getAttributes().get(Session.ATTRIBUTE) instanceof Session session)) {
            throw new HttpStatusException(HttpStatus.UNAUTHORIZED, "unknown session");
        }
        UUID userId = session.userId();
        return new Caller(Principal.session(userId, subjectRights.ofHuman(userId)), userId, AuthMethod.SESSION,
                session.issuedAt(), clientIp, userAgent);
    }
}
