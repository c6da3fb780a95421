package dev.latchkey.app.tokentypes;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.http.HttpMethod;
import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001's PAT API, checked against the seed's own text (docs/seeds/001-personal-access-tokens.md):
 * the field list of {@code PersonalAccessToken} is read from that file, and every answer is
 * checked key by key (exactly those keys) and type by type. The surface runs on the one lifecycle
 * of personal tokens, so the same token shows in the richer API with the same rules.
 */
@MicronautTest(transactional = false)
class SeedPatApiTest extends ApiTest {
    private static final Path SEED = Path.of("../../docs/seeds/001-personal-access-tokens.md");
    private static final String PATH = "/api/personal-access-tokens";

    @Inject
    JsonMapper json;

    private String seed;
    private List<String> fields;
    private Session ann;

    @BeforeAll
    void readTheSeed() throws Exception {
        seed = Files.readString(SEED);
        Matcher m = Pattern.compile("PersonalAccessToken: \\{([^}]*)}").matcher(seed);
        assertTrue(m.find(), "the seed document lists the fields of PersonalAccessToken");
        fields = Arrays.stream(m.group(1).split(",")).map(s -> s.strip().replace("\"", "")).toList();
        assertEquals(10, fields.size(), fields.toString());
        ann = api.newUser();
    }

    /** What the seed says each field is; the keys must be the seed's list, no more and no fewer. */
    private Map<String, Consumer<Object>> typesOf(Session owner, boolean withToken) {
        Map<String, Consumer<Object>> t = new LinkedHashMap<>();
        t.put("active", v -> assertInstanceOf(Boolean.class, v));
        t.put("createdAt", v -> Instant.parse((String) v));
        t.put("expireAt", v -> {
            if (v != null) {
                Instant.parse((String) v);
            }
        });
        t.put("id", v -> UUID.fromString((String) v));
        t.put("ipRestriction", v -> assertTrue(v == null || v instanceof String, "ipRestriction: string or null"));
        t.put("lastUsedAt", v -> {
            if (v != null) {
                Instant.parse((String) v);
            }
        });
        t.put("name", v -> assertInstanceOf(String.class, v));
        t.put("subject", v -> assertEquals("user:" + owner.id(), v));
        t.put("token", v -> {
            if (withToken) {
                assertInstanceOf(String.class, v);
            } else {
                assertNull(v, "the token string is shown once, at provision");
            }
        });
        t.put("type", v -> {
            Map<?, ?> type = assertInstanceOf(Map.class, v);
            assertEquals(Set.of("id", "name"), type.keySet());
            assertInstanceOf(String.class, type.get("id"));
            assertInstanceOf(String.class, type.get("name"));
        });
        assertEquals(new LinkedHashSet<>(fields), t.keySet(), "the checks cover exactly the seed's fields");
        return t;
    }

    private void assertSeedToken(Object answer, Session owner, boolean withToken) {
        Map<?, ?> token = assertInstanceOf(Map.class, answer);
        assertEquals(new java.util.TreeSet<>(fields), new java.util.TreeSet<>(token.keySet().stream().map(Object::toString)
                .toList()), "exactly the seed's keys: " + token);
        typesOf(owner, withToken).forEach((field, check) -> check.accept(token.get(field)));
    }

    private static void assertSeedError(Reply r, int status, String field) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(Set.of("message", "status"), r.json().keySet(), r.toString());
        assertEquals(status, ((Number) r.get("status")).intValue());
        assertTrue(r.string("message").contains(field), "the message names " + field + ": " + r);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Session who) {
        Reply r = expect(200, api.get(PATH, who.token()));
        assertInstanceOf(List.class, r.body(), "a bare array: " + r);
        return (List<Object>) r.body();
    }

    @Test
    void theSeedsOwnProvisionExampleAnswers200WithEverySeedFieldAndType() throws Exception {
        Matcher example = Pattern.compile("POST\\s+/api/personal-access-tokens\\s+(\\{.*})").matcher(seed);
        assertTrue(example.find());
        Map<String, Object> request = json.readValue(example.group(1), Argument.mapOf(String.class, Object.class));
        Reply made = expect(200, api.post(PATH, ann.token(), request));
        assertSeedToken(made.body(), ann, true);
        assertEquals("10.0.0.0/8, 2001:db8::/32", made.string("ipRestriction"));
        assertEquals(Map.of("id", "ci", "name", "CI"), made.get("type"));
        assertEquals(true, made.get("active"));

        // the same token in the richer API: one lifecycle, one grant model
        Reply rich = expect(200, api.get("/api/user/personal-access-tokens/" + made.string("id"), ann.token()));
        assertEquals(List.of("projects:read", "repositories:read", "pipelines:run", "variables:read"), rich.get("scopes"));
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), rich.get("ipRestrictions"));

        Object listed = list(ann).stream().filter(t -> made.string("id").equals(((Map<?, ?>) t).get("id"))).findFirst()
                .orElseThrow();
        assertSeedToken(listed, ann, false);
    }

    @Test
    void typeIsAnIdOrAnObjectAndDefaultsToReadOnly() {
        assertEquals(Map.of("id", "deploy", "name", "Deploy"),
                expect(200, api.post(PATH, ann.token(), body("name", "d", "type", "deploy"))).get("type"));
        Reply plain = expect(200, api.post(PATH, ann.token(), body("name", "plain")));
        assertSeedToken(plain.body(), ann, true);
        assertEquals(Map.of("id", "read-only", "name", "Read only"), plain.get("type"));
        assertNull(plain.get("ipRestriction"));
    }

    @Test
    void revokeAnswers200WithMessageAndStatusAndTheTokenLeavesTheList() {
        Reply made = expect(200, api.post(PATH, ann.token(), body("name", "gone", "type", Map.of("id", "ci"))));
        String id = made.string("id");
        String secret = made.string("token");
        Reply revoked = expect(200, api.delete(PATH + "/" + id, ann.token()));
        assertEquals(Set.of("message", "status"), revoked.json().keySet());
        assertEquals(200, ((Number) revoked.get("status")).intValue());
        assertInstanceOf(String.class, revoked.get("message"));
        assertFalse(list(ann).stream().anyMatch(t -> id.equals(((Map<?, ?>) t).get("id"))));
        assertEquals(401, api.get("/api/user", secret).status());
        // revoking again is the lifecycle's idempotent revoke
        assertEquals(200, api.delete(PATH + "/" + id, ann.token()).status());
        assertSeedError(api.delete(PATH + "/" + UUID.randomUUID(), ann.token()), 404, "not found");
        // another user's token is not found either
        Session bob = api.newUser();
        String bobs = expect(200, api.post(PATH, bob.token(), body("name", "b"))).string("id");
        assertSeedError(api.delete(PATH + "/" + bobs, ann.token()), 404, "not found");
    }

    @Test
    void badInputIs400InTheSeedsErrorShapeNamingTheFieldAndWritesNothing() {
        Session carol = api.newUser();
        var ws = api.createWorkspace(carol);
        Session member = api.newMember(carol, ws, "MEMBER", null);
        String managers = expect(201, api.post("/api/workspaces/" + ws.slug() + "/token-types", carol.token(),
                body("name", "Managers", "permissions", List.of("workspace:manage")))).string("id");
        int before = list(member).size();
        assertSeedError(api.post(PATH, member.token(), body("name", "x", "type", "no-such-type")), 400, "type");
        assertSeedError(api.post(PATH, member.token(), body("name", "x", "type", Map.of("id", managers))), 400, "type");
        assertSeedError(api.post(PATH, member.token(), body("name", "x", "type", List.of("ci"))), 400, "type");
        assertSeedError(api.post(PATH, member.token(), body("name", "x", "ipRestriction", "10.0.0.0/8, not-an-address")),
                400, "ipRestriction");
        assertSeedError(api.post(PATH, member.token(), body("name", "x", "ipRestriction", "10.0.0.0/8,,")), 400, "ipRestriction");
        assertSeedError(api.post(PATH, member.token(), body("name", "")), 400, "name");
        assertSeedError(api.exchange(HttpMethod.POST, PATH, member.token(), "{\"name\": "), 400, "body");
        assertEquals(before, list(member).size());
        // the owner of the workspace may hand out workspace:manage
        assertNotNull(expect(200, api.post(PATH, carol.token(), body("name", "m", "type", managers))).string("token"));
    }
}
