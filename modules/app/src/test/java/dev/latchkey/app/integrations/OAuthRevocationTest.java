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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class OAuthRevocationTest extends HttpTestBase {
    private static final String REVOKE = "/oauth/revoke";

    private static void assertEmptyOk(Reply r) {
        assertEquals(200, r.status());
        assertTrue(r.body().isEmpty(), "RFC 7009 answers with an empty body");
    }

    @Test
    void aTokenRevokesItself() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(200, api.get("/api/user", token.bearer()).status());

        assertEmptyOk(fx.form(REVOKE, Map.of("token", token.secret(), "token_type_hint", "access_token"), token.bearer()));

        Reply after = api.get("/api/user", token.bearer());
        assertEquals(401, after.status());
        assertEquals("revoked", after.string("reason"));
        Map<String, Object> event = fx.awaitEvent(ann, "token.revoked", token.id()).orElseThrow();
        assertEquals(Map.of("type", "token", "id", token.id().toString()), event.get("actor"));
    }

    @Test
    void aSessionRevokesItsOwnTokenWithoutAConfirmation() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEmptyOk(fx.form(REVOKE, Map.of("token", token.secret()), ann.bearer()));
        assertEquals(401, api.get("/api/user", token.bearer()).status());
        Map<String, Object> event = fx.awaitEvent(ann, "token.revoked", token.id()).orElseThrow();
        assertEquals(Map.of("type", "user", "id", ann.id().toString()), event.get("actor"));
    }

    @Test
    void someoneElsesTokenIsLeftAloneAndTheAnswerIsTheSame() {
        Person ann = api.person();
        Person bob = api.person();
        Minted annsToken = fx.mint(ann, List.of("user:read"));
        Minted bobsToken = fx.mint(bob, List.of("user:read"));

        assertEmptyOk(fx.form(REVOKE, Map.of("token", annsToken.secret()), bob.bearer()));
        assertEmptyOk(fx.form(REVOKE, Map.of("token", annsToken.secret()), bobsToken.bearer()));

        assertEquals(200, api.get("/api/user", annsToken.bearer()).status());
        assertTrue(fx.myEvents(ann, "?action=token.revoked").isEmpty());
    }

    @Test
    void unknownMalformedAndMissingTokensStillGet200() {
        Person ann = api.person();
        String unknown = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        assertEmptyOk(fx.form(REVOKE, Map.of("token", unknown), ann.bearer()));
        assertEmptyOk(fx.form(REVOKE, Map.of("token", "lkp_nope"), ann.bearer()));
        assertEmptyOk(fx.form(REVOKE, Map.of(), ann.bearer()));
    }

    @Test
    void revocationNeedsAnAuthenticatedCaller() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(401, fx.form(REVOKE, Map.of("token", token.secret()), null).status());
        assertEquals(200, api.get("/api/user", token.bearer()).status());
    }
}
