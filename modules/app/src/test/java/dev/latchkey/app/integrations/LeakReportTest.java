package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class LeakReportTest extends HttpTestBase {
    private static final String LEAKS = "/api/tokens/leaks";

    private final TokenSecrets secrets = new TokenSecrets(new SecureRandom());

    @Test
    void aReportedTokenIsRevokedAtOnceAndItsOwnerSeesWhy() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(200, api.get("/api/user", token.bearer()).status());

        Reply r = api.post(LEAKS, Map.of("tokens", List.of(token.secret()), "source", "public gist"), null);

        assertEquals(202, r.status());
        assertEquals(Map.of("received", 1), r.body());
        Reply after = api.get("/api/user", token.bearer());
        assertEquals(401, after.status());
        assertEquals("revoked", after.string("reason"));
        Map<String, Object> event = fx.myEvents(ann, "?action=token.revoked_as_leaked").get(0);
        assertEquals(Map.of("type", "token", "id", token.id().toString()), event.get("target"));
        assertEquals("anonymous", ((Map<?, ?>) event.get("actor")).get("type"));
        assertTrue(((String) event.get("details")).contains("public gist"), event.toString());
        assertEquals(ann.id().toString(), event.get("ownerUserId"));
    }

    @Test
    void theAnswerIsTheSameForValidInvalidAndRepeatedReports() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        String unknown = secrets.generate(TokenKind.PERSONAL);

        Reply valid = api.post(LEAKS, Map.of("tokens", List.of(token.secret()), "source", "scanner"), null);
        Reply again = api.post(LEAKS, Map.of("tokens", List.of(token.secret()), "source", "scanner"), null);
        Reply invalid = api.post(LEAKS, Map.of("tokens", List.of(unknown), "source", "scanner"), null);
        Reply junk = api.post(LEAKS, Map.of("tokens", List.of("hello")), null);

        for (Reply r : List.of(valid, again, invalid, junk)) {
            assertEquals(202, r.status());
            assertEquals(Map.of("received", 1), r.body());
        }
        // the second report of an already revoked token writes nothing new
        assertEquals(1, fx.myEvents(ann, "?action=token.revoked_as_leaked").size());
    }

    @Test
    void aTokenInTheSourceNeverReachesTheTrail() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        Minted other = fx.mint(ann, List.of("user:read"));
        api.post(LEAKS, Map.of("tokens", List.of(token.secret()), "source", "found next to " + other.secret()), null);
        Map<String, Object> event = fx.myEvents(ann, "?action=token.revoked_as_leaked").get(0);
        assertFalse(((String) event.get("details")).contains(other.secret()));
        assertTrue(((String) event.get("details")).contains("[redacted]"));
    }

    @Test
    void moreThanAThousandTokensAreRefused() {
        List<String> many = new ArrayList<>(Collections.nCopies(1001, "x"));
        assertEquals(400, api.post(LEAKS, Map.of("tokens", many), null).status());
        assertEquals(400, api.post(LEAKS, Map.of("tokens", List.of()), null).status());
        assertEquals(400, api.post(LEAKS, Map.of("source", "nothing"), null).status());
    }

    @Test
    void aThousandTokensAreFine() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(i % 2 == 0 ? secrets.generate(TokenKind.PERSONAL) : "junk-" + i);
        }
        Reply r = api.post(LEAKS, Map.of("tokens", many, "source", "bulk"), null);
        assertEquals(202, r.status());
        assertEquals(Map.of("received", 1000), r.body());
    }
}
