package dev.latchkey.app;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.http.HttpHeaders;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.unique;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class SignUpAndLoginTest extends ApiTest {

    private static String email() {
        return unique("ann") + "@example.com";
    }

    @Test
    void signingUpAnswers201WithTheUserAndNeverEchoesThePassword() {
        String email = email();
        Reply reply = expect(201, api.signUp(email));
        assertEquals(email, reply.string("email"));
        assertEquals("Ann", reply.string("firstName"));
        assertEquals("Lee", reply.string("lastName"));
        assertEquals("HUMAN", reply.string("kind"));
        assertEquals("ACTIVE", reply.string("status"));
        assertNotNull(reply.string("id"));
        assertNotNull(reply.string("createdAt"));
        assertFalse(reply.text().contains(Api.PASSWORD), reply.text());
        assertFalse(reply.json().containsKey("password") || reply.json().containsKey("passwordHash"), reply.text());
    }

    @Test
    void signingUpStoresTheEmailInLowerCase() {
        String email = email();
        Reply reply = expect(201, api.signUp(email.toUpperCase()));
        assertEquals(email, reply.string("email"));
    }

    @Test
    void anEmailThatIsTakenInAnotherCaseIsAConflict() {
        String email = email();
        expect(201, api.signUp(email));
        assertProblem(409, api.signUp(email.toUpperCase()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "", "  "})
    void aBadEmailIsRefused(String email) {
        assertProblem(400, api.signUp(email));
    }

    @Test
    void aShortPasswordIsRefused() {
        Map<String, Object> body = Api.signUpBody(email());
        body.put("password", "short");
        Reply reply = assertProblem(400, api.post("/api/signup", null, body));
        assertTrue(reply.string("detail").contains("password"), reply.text());
        assertFalse(reply.text().contains("short\""), "the refused password is not echoed: " + reply.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "firstName", "lastName", "password"})
    void aMissingFieldIsRefused(String field) {
        Map<String, Object> body = Api.signUpBody(email());
        body.remove(field);
        Reply reply = assertProblem(400, api.post("/api/signup", null, body));
        assertTrue(reply.string("detail").contains(field), reply.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"firstName", "lastName"})
    void anOverLongNameIsRefused(String field) {
        Map<String, Object> body = Api.signUpBody(email());
        body.put(field, "x".repeat(101));
        assertProblem(400, api.post("/api/signup", null, body));
    }

    @Test
    void aRefusedSignUpCreatesNoUser() {
        String email = email();
        Map<String, Object> body = Api.signUpBody(email);
        body.put("lastName", "x".repeat(101));
        assertProblem(400, api.post("/api/signup", null, body));
        assertProblem(401, api.login(email, Api.PASSWORD));
        expect(201, api.signUp(email));
    }

    @Test
    void loggingInWithTheRightPasswordGivesABearerToken() {
        String email = email();
        expect(201, api.signUp(email));
        Reply reply = expect(200, api.login(email, Api.PASSWORD));
        assertNotNull(reply.string("access_token"));
        assertEquals("Bearer", reply.string("token_type"));
    }

    @Test
    void loggingInWithAWrongPasswordIsUnauthorized() {
        String email = email();
        expect(201, api.signUp(email));
        Reply reply = api.login(email, Api.PASSWORD + "!");
        assertEquals(401, reply.status(), reply::toString);
        assertNull(reply.body() instanceof Map<?, ?> m ? m.get("access_token") : null);
    }

    @Test
    void loggingInAsAnUnknownUserIsUnauthorized() {
        Reply reply = api.login(email(), Api.PASSWORD);
        assertEquals(401, reply.status(), reply::toString);
    }

    @Test
    void theCallerSeesItselfAtApiUser() {
        Session ann = api.newUser();
        Reply reply = expect(200, api.get("/api/user", ann.token()));
        assertEquals(ann.id(), reply.string("id"));
        assertEquals(ann.email(), reply.string("email"));
        assertFalse(reply.json().containsKey("passwordHash"), reply.text());
    }

    @Test
    void apiUserWithoutAuthenticationIs401WithABearerChallenge() {
        Reply reply = assertProblem(401, api.get("/api/user", null));
        assertTrue(reply.headers().get(HttpHeaders.WWW_AUTHENTICATE).startsWith("Bearer"), reply.headers()::toString);
    }

    @Test
    void aJwtWhoseAlgorithmWasSetToNoneIsRefused() {
        String[] parts = api.newUser().token().split("\\.");
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertProblem(401, api.get("/api/user", header + "." + parts[1] + "."));
    }

    @Test
    void aJwtSignedWithAnotherSecretIsRefused() throws Exception {
        String[] parts = api.newUser().token().split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("another-secret-that-is-long-enough-for-hs256-0123456789".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String signingInput = parts[0] + "." + parts[1];
        String forged = signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        assertProblem(401, api.get("/api/user", forged));
    }

    @Test
    void aGarbledBearerTokenIsRefused() {
        assertProblem(401, api.get("/api/user", "not-a-jwt"));
    }

    @Test
    void aLoginBodyThatIsNotJsonIsRefused() {
        Reply reply = api.post("/login", null, "{\"username\":");
        assertTrue(reply.status() == 400 || reply.status() == 401, reply::toString);
        assertFalse(reply.text().contains("access_token"));
    }

    @Test
    void signUpNeverLetsTheCallerChooseKindOrStatus() {
        Map<String, Object> body = Api.signUpBody(email());
        body.put("kind", "SERVICE");
        body.put("status", "SUSPENDED");
        Reply reply = api.post("/api/signup", null, body);
        if (reply.status() == 201) {
            assertEquals("HUMAN", reply.string("kind"));
            assertEquals("ACTIVE", reply.string("status"));
        } else {
            assertProblem(400, reply);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
