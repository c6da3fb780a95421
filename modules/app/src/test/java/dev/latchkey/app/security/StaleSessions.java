package dev.latchkey.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Reply;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/** Login sessions outside the confirmation window, and the header that confirms one. */
final class StaleSessions {
    static final String HEADER = "X-Confirm-Password";

    private StaleSessions() {
    }

    /** The same user's session as if it had logged in an hour ago (the window is 5 minutes). */
    static String of(Session session) {
        try {
            // the real login's session epoch, and a session id of its own: the server admits nothing less
            Object epoch = SignedJWT.parse(session.token()).getJWTClaimsSet().getClaim("sep");
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(session.id())
                    .jwtID(UUID.randomUUID().toString()).claim("sep", epoch)
                    .issueTime(Date.from(Instant.now().minus(1, ChronoUnit.HOURS)))
                    .expirationTime(Date.from(Instant.now().plus(1, ChronoUnit.HOURS))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(TestDatabase.properties().get("latchkey.jwt.secret").getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request carrying {@code X-Confirm-Password}. */
    static Reply confirmed(Api api, HttpMethod method, String path, String token, Object body, String password) {
        MutableHttpRequest<Object> request = HttpRequest.create(method, path);
        request.bearerAuth(token).header(HEADER, password);
        return api.send(request, body);
    }
}
