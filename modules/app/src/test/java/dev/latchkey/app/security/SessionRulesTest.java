package dev.latchkey.app.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import dev.latchkey.directory.user.User;
import dev.latchkey.directory.user.UserRepository;
import dev.latchkey.directory.user.UserStatus;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A login session is a JWT Latchkey made: HS256 only, with an expiry, an issue time and a
 * not-before that are not in the future (60 s of clock skew), within the session lifetime, with a
 * session id and epoch, for an active human. Every variant below is signed with the server's own
 * secret, so only these rules stand between it and a session.
 */
@MicronautTest(transactional = false)
class SessionRulesTest extends ApiTest {
    /** Long enough for HS512 too, so a refusal of HS384/HS512 is the rule, not a short key. */
    private static final String SECRET = "session-rules-test-secret-long-enough-for-hs512-0123456789abcdefghijklmnopqrstuvwxyz";

    @Inject
    UserRepository users;

    private Api.Session ann;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.jwt.secret", SECRET);
        return p;
    }

    @BeforeAll
    void ann() {
        ann = api.newUser();
    }

    /** The claims of a fresh, valid session of {@code subject}; a case then breaks one thing. */
    private static JWTClaimsSet.Builder valid(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .issuer("latchkey").claim("sep", 0);
    }

    private static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String forge(String subject, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = valid(subject);
        change.accept(claims);
        return sign(JWSAlgorithm.HS256, claims.build());
    }

    private void assertNoSession(String jwt, String what) {
        for (String path : List.of("/api/user", "/api/workspaces", "/api/user/audit-events")) {
            Reply reply = api.get(path, jwt);
            assertEquals(401, reply.status(), () -> what + " on " + path + ": " + reply);
        }
    }

    @Test
    void aForgedTokenThatFollowsEveryRuleIsASessionSoTheRefusalsBelowAreTheRules() {
        assertEquals(ann.id(), expect(200, api.get("/api/user", forge(ann.id(), c -> { }))).string("id"));
        // a little clock skew is tolerated
        Instant soon = Instant.now().plusSeconds(30);
        expect(200, api.get("/api/user", forge(ann.id(), c -> c.issueTime(Date.from(soon)).notBeforeTime(Date.from(soon)))));
    }

    @Test
    void theLoginTokenCarriesExpiryIssueTimeSessionIdAndEpoch() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(ann.token()).getJWTClaimsSet();
        assertEquals(JWSAlgorithm.HS256, SignedJWT.parse(ann.token()).getHeader().getAlgorithm());
        assertNotNull(claims.getExpirationTime());
        assertNotNull(claims.getIssueTime());
        assertNotNull(UUID.fromString(claims.getJWTID()));
        assertNotNull(claims.getClaim("sep"));
    }

    @Test
    void claimsOutsideTheRulesAreNoSession() {
        Instant now = Instant.now();
        Map<String, Consumer<JWTClaimsSet.Builder>> cases = Map.ofEntries(
                Map.entry("no exp", c -> c.expirationTime(null)),
                Map.entry("exp in the past", c -> c.expirationTime(Date.from(now.minusSeconds(5)))),
                Map.entry("no iat", c -> c.issueTime(null)),
                Map.entry("iat in the future", c -> c.issueTime(Date.from(now.plus(Duration.ofHours(1))))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(2))))),
                Map.entry("iat far in the future", c -> c.issueTime(Date.from(now.plus(Duration.ofDays(3650))))),
                Map.entry("nbf in the future", c -> c.notBeforeTime(Date.from(now.plus(Duration.ofHours(1))))),
                Map.entry("a lifetime longer than a session's", c -> c.expirationTime(Date.from(now.plus(Duration.ofDays(365))))),
                Map.entry("no session id", c -> c.jwtID(null)),
                Map.entry("a session id that is no id", c -> c.jwtID("1")),
                Map.entry("no session epoch", c -> c.claim("sep", null)),
                Map.entry("a session epoch that is no number", c -> c.claim("sep", "0")),
                Map.entry("a session epoch ahead of the user's", c -> c.claim("sep", 7)),
                Map.entry("no subject", c -> c.subject(null)),
                Map.entry("a subject that is no id", c -> c.subject("ann")));
        cases.forEach((what, change) -> assertNoSession(forge(ann.id(), change), what));
    }

    @Test
    void onlyHs256IsASessionAlgorithm() {
        JWTClaimsSet claims = valid(ann.id()).build();
        assertNoSession(sign(JWSAlgorithm.HS512, claims), "HS512");
        assertNoSession(sign(JWSAlgorithm.HS384, claims), "HS384");
        assertNoSession(new PlainJWT(claims).serialize(), "alg none");
        String[] parts = sign(JWSAlgorithm.HS256, claims).split("\\.");
        assertNoSession(parts[0] + "." + parts[1] + ".", "HS256 without its signature");
        try {
            SignedJWT other = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            other.sign(new MACSigner("another-secret-that-is-long-enough-for-hs256-0123456789".getBytes(StandardCharsets.UTF_8)));
            assertNoSession(other.serialize(), "another secret");
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSubjectMustBeAnActiveHuman() {
        Api.Workspace ws = api.createWorkspace(ann);
        String serviceUser = expect(201, api.post(Api.workspace(ws) + "/service-users", ann.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id");
        assertNoSession(forge(serviceUser, c -> { }), "a service user's id");
        assertNoSession(forge(UUID.randomUUID().toString(), c -> { }), "an unknown id");
        assertNoSession(forge(ws.id(), c -> { }), "a workspace's id");

        Api.Session bob = api.newUser();
        User row = users.findById(UUID.fromString(bob.id())).orElseThrow();
        users.update(new User(row.id(), row.email(), row.firstName(), row.lastName(), row.kind(), UserStatus.SUSPENDED,
                row.passwordHash(), row.workspaceId(), row.createdAt(), row.updatedAt()));
        assertNoSession(forge(bob.id(), c -> { }), "a suspended user's id");
        assertNoSession(bob.token(), "a suspended user's own login token");
    }
}
