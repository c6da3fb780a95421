package dev.latchkey.app.servicetokens;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.workspace;
import static dev.latchkey.app.support.Problems.assertForbidden;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service users and their lks_ tokens, through HTTP as the product's API clients use them. */
@MicronautTest(transactional = false)
class ServiceTokensTest extends ApiTest {
    @Inject
    DataSource dataSource;

    /** An owner's workspace with two projects and one service user, ready for tokens. */
    private record Setup(Session owner, Workspace ws, String project, String otherProject, String userId) {
        String tokens() {
            return ServiceTokensTest.tokens(userId);
        }
    }

    private Setup setup() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        String other = api.createProject(owner, ws);
        String userId = createServiceUser(owner, ws).string("id");
        return new Setup(owner, ws, project, other, userId);
    }

    private Reply createServiceUser(Session caller, Workspace ws) {
        return expect(201, api.post(serviceUsers(ws), caller.token(), body("firstName", "Deploy", "lastName", "Bot")));
    }

    private static String serviceUsers(Workspace ws) {
        return workspace(ws) + "/service-users";
    }

    private static String tokens(String userId) {
        return "/api/users/service/" + userId + "/personal-access-tokens";
    }

    private static Map<String, Object> onProjects(List<String> permissions, String... projects) {
        return body("note", "deploy bot", "permissions", permissions, "allProjects", false, "projects", List.of(projects),
                "expiresAt", null);
    }

    private static Map<String, Object> onAllProjects(List<String> permissions) {
        return body("note", "deploy bot", "permissions", permissions, "allProjects", true, "expiresAt", null);
    }

    private Reply check(String token, String permission, String project) {
        return expect(200, api.post("/api/authz/check", token, body("permission", permission, "project", project)));
    }

    private Reply explain(String token, String permission, String project) {
        return expect(200, api.post("/api/authz/check?explain=true", token, body("permission", permission, "project", project)));
    }

    private DataSource raw() {
        return DelegatingDataSource.unwrapDataSource(dataSource);
    }

    private long count(String sql, String param) {
        try (Connection c = raw().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long tokenRows(String userId) {
        return count("SELECT COUNT(*) FROM service_tokens WHERE service_user_id = ?", userId);
    }

    @Test
    void aTokenWithoutANoteShowsAnEmptyNoteNeverNull() {
        Setup s = setup();
        Reply created = expect(201, api.post(s.tokens(), s.owner().token(), body("name", "no note",
                "permissions", List.of("projects:read"), "allProjects", true)));
        assertEquals("", created.get("note"), created::toString);
        assertEquals("", expect(200, api.get(s.tokens() + "/" + created.string("id"), s.owner().token())).get("note"));
        assertEquals("", expect(200, api.get(s.tokens(), s.owner().token())).items().get(0).get("note"));
    }

    @Test
    void theGetResponseHasExactlyTheDocumentedShape() {
        Setup s = setup();
        Reply created = expect(201, api.post(s.tokens(), s.owner().token(), onProjects(List.of("releases:deploy"), s.project())));
        assertTrue(created.string("token").matches("lks_[0-9A-Za-z]{49}"), created::toString);

        Reply got = expect(200, api.get(s.tokens() + "/" + created.string("id"), s.owner().token()));
        Map<String, Object> json = got.json();
        Set<String> documented = Set.of("id", "note", "permissions", "allProjects", "projects", "user", "createdAt",
                "updatedAt", "expiresAt");
        assertTrue(json.keySet().containsAll(documented), json::toString);
        assertTrue(json.keySet().containsAll(Set.of("hint", "ipRestrictions", "lastUsedAt", "lastUsedIp", "revokedAt",
                "status")), json::toString);
        assertFalse(json.containsKey("token"), "the secret is shown once");

        assertEquals(created.string("id"), json.get("id"));
        assertEquals("deploy bot", json.get("note"));
        assertEquals(List.of("releases:deploy"), json.get("permissions"));
        assertEquals(Boolean.FALSE, json.get("allProjects"));
        Instant.parse((String) json.get("createdAt"));
        Instant.parse((String) json.get("updatedAt"));
        assertTrue(json.containsKey("expiresAt") && json.get("expiresAt") == null, "indefinite is null, present");
        for (String nullField : List.of("lastUsedAt", "lastUsedIp", "revokedAt")) {
            assertTrue(json.containsKey(nullField) && json.get(nullField) == null, nullField);
        }
        assertEquals(List.of(), json.get("ipRestrictions"));
        assertEquals("active", json.get("status"));
        assertEquals(created.string("token").substring(49), json.get("hint"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> projects = (List<Map<String, Object>>) json.get("projects");
        assertEquals(1, projects.size());
        Map<String, Object> project = projects.get(0);
        assertEquals(Set.of("id", "name", "key", "organisationId", "version", "createdAt", "updatedAt", "protected"),
                project.keySet());
        assertEquals(s.project(), project.get("id"));
        assertEquals(s.ws().id(), project.get("organisationId"));
        // seed 004: version is a string (the project's updatedAt in epoch seconds)
        assertTrue(assertInstanceOf(String.class, project.get("version")).matches("[0-9]+"), project::toString);
        assertEquals(Boolean.FALSE, project.get("protected"));
        assertInstanceOf(String.class, project.get("name"));
        assertInstanceOf(String.class, project.get("key"));
        Instant.parse((String) project.get("createdAt"));

        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) json.get("user");
        assertTrue(user.keySet().containsAll(Set.of("id", "email", "type", "status", "createdAt", "updatedAt",
                "firstName", "lastName", "isService")), user::toString);
        assertEquals(s.userId(), user.get("id"));
        assertEquals(Boolean.TRUE, user.get("isService"));
        assertEquals("SERVICE", user.get("type"));
        assertEquals("ACTIVE", user.get("status"));
        assertEquals("Deploy", user.get("firstName"));
        assertEquals("Bot", user.get("lastName"));
        assertTrue(((String) user.get("email")).endsWith(".latchkey.invalid"), user::toString);
    }

    @Test
    void serviceUsersAreCreatedListedRenamedSuspendedAndDeletedByAnAdmin() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        Reply created = createServiceUser(admin, ws);
        String id = created.string("id");
        assertEquals("SERVICE", created.string("type"));
        assertEquals(ws.id(), created.string("workspaceId"));
        assertTrue(created.string("email").startsWith(id + "@service."), created::toString);

        assertEquals(List.of(id), Api.ids(expect(200, api.get(serviceUsers(ws), admin.token())), "id"));
        Reply patched = expect(200, api.patch(serviceUsers(ws) + "/" + id, admin.token(),
                body("firstName", "Release", "status", "SUSPENDED")));
        assertEquals("Release", patched.string("firstName"));
        assertEquals("SUSPENDED", patched.string("status"));
        assertProblem(400, api.patch(serviceUsers(ws) + "/" + id, admin.token(), body("status", "DELETED")));

        expect(204, api.delete(serviceUsers(ws) + "/" + id, admin.token()));
        assertProblem(404, api.get(serviceUsers(ws) + "/" + id, admin.token()));
        assertTrue(expect(200, api.get(serviceUsers(ws), admin.token())).items().isEmpty());
        assertEquals(1, count("SELECT COUNT(*) FROM users WHERE id = ? AND status = 'DELETED'", id), "the row is kept");
        assertProblem(400, api.post(serviceUsers(ws), admin.token(), body("firstName", "", "lastName", "Bot")));
    }

    @Test
    void aTokenIsCreatedListedReadRenamedRegeneratedAndRevoked() {
        Setup s = setup();
        String owner = s.owner().token();
        Reply created = expect(201, api.post(s.tokens(), owner, body("name", "ci", "permissions", List.of("pipelines:run"),
                "allProjects", true, "expiration", "30d", "ipRestrictions", List.of("127.0.0.1", "::1"))));
        String id = created.string("id");
        String secret = created.string("token");
        assertEquals("ci", created.string("name"));
        assertEquals(Boolean.TRUE, created.get("allProjects"));
        assertEquals(List.of(), created.get("projects"));
        Instant expires = Instant.parse(created.string("expiresAt"));
        assertTrue(expires.isAfter(Instant.now().plus(29, ChronoUnit.DAYS)));
        assertTrue(check(secret, "pipelines:run", s.project()).get("allowed").equals(true));

        Reply list = expect(200, api.get(s.tokens(), owner));
        assertEquals(List.of(id), Api.ids(list, "id"));
        assertFalse(list.text().contains(secret));
        assertEquals(1, expect(200, api.get(s.tokens() + "?state=active", owner)).items().size());
        assertTrue(expect(200, api.get(s.tokens() + "?state=revoked", owner)).items().isEmpty());

        Reply patched = expect(200, api.patch(s.tokens() + "/" + id, owner, body("name", "ci-2", "note", "nightly")));
        assertEquals("ci-2", patched.string("name"));
        assertEquals("nightly", patched.string("note"));
        assertEquals(created.get("permissions"), patched.get("permissions"));

        Reply regenerated = expect(200, api.post(s.tokens() + "/" + id + "/regenerate", owner, body("expiration", "7d")));
        String fresh = regenerated.string("token");
        assertEquals(id, regenerated.string("id"));
        assertNotEquals(secret, fresh);
        assertTrue(regenerated.string("expiresAt").compareTo(created.string("expiresAt")) < 0);
        assertProblem(401, api.get("/api/workspaces/" + s.ws().slug() + "/projects", secret));
        assertEquals(true, check(fresh, "pipelines:run", s.project()).get("allowed"));

        expect(204, api.delete(s.tokens() + "/" + id, owner));
        Reply refused = assertProblem(401, api.get("/api/workspaces/" + s.ws().slug() + "/projects", fresh));
        assertEquals("revoked", refused.string("reason"));
        Reply revoked = expect(200, api.get(s.tokens() + "/" + id, owner));
        assertEquals("revoked", revoked.string("status"));
        assertNotNull(revoked.string("revokedAt"));
        assertEquals(1, expect(200, api.get(s.tokens() + "?state=revoked", owner)).items().size());
        assertProblem(409, api.post(s.tokens() + "/" + id + "/regenerate", owner, body()));
        expect(204, api.delete(s.tokens() + "/" + id, owner));
    }

    @Test
    void aTokenWithoutNameOrNoteIsCalledServiceTokenAndTheNoteNamesItOtherwise() {
        Setup s = setup();
        Reply noted = expect(201, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("branches"))));
        assertEquals("deploy bot", noted.string("name"));
        Reply bare = expect(201, api.post(s.tokens(), s.owner().token(),
                body("permissions", List.of("branches"), "allProjects", true)));
        assertEquals("service token", bare.string("name"));
        assertNull(bare.get("expiresAt"), "neither expiration nor expiresAt: the token does not expire");
    }

    @Test
    void permissionsCoverWhatTheyImplyAndNothingElse() {
        Setup s = setup();
        String token = expect(201, api.post(s.tokens(), s.owner().token(),
                onProjects(List.of("documents:full", "releases:manage"), s.project()))).string("token");
        for (String allowed : List.of("documents:edit-view", "documents:view-content", "documents", "releases:deploy",
                "releases:delete", "releases")) {
            Reply r = check(token, allowed, s.project());
            assertEquals(true, r.get("allowed"), r::toString);
            assertEquals("allowed", r.string("reason"));
        }
        for (String denied : List.of("pipelines:read", "projects:read", "branches", "owner")) {
            Reply r = check(token, denied, s.project());
            assertEquals(false, r.get("allowed"), r::toString);
            assertEquals("outside_token_scope", r.string("reason"), r::toString);
        }
        Reply explained = explain(token, "documents:edit-view", s.project());
        assertEquals(true, explained.get("allowed"));
        @SuppressWarnings("unchecked")
        List<String> trace = (List<String>) explained.get("trace");
        assertTrue(trace.stream().anyMatch(line -> line.contains("SERVICE_TOKEN")), trace::toString);
        assertTrue(trace.stream().anyMatch(line -> line.contains("service token permissions")), trace::toString);

        String deployOnly = expect(201, api.post(s.tokens(), s.owner().token(),
                onProjects(List.of("releases:deploy"), s.project()))).string("token");
        assertEquals(true, check(deployOnly, "releases", s.project()).get("allowed"));
        assertEquals(true, check(deployOnly, "releases:deploy", s.project()).get("allowed"));
        assertEquals(false, check(deployOnly, "releases:delete", s.project()).get("allowed"));
        assertEquals(false, check(deployOnly, "releases:manage", s.project()).get("allowed"));
    }

    @Test
    void aProjectListTokenReachesOnlyItsProjects() {
        Setup s = setup();
        String token = expect(201, api.post(s.tokens(), s.owner().token(),
                onProjects(List.of("projects:read"), s.project()))).string("token");
        assertEquals(true, check(token, "projects:read", s.project()).get("allowed"));
        Reply other = check(token, "projects:read", s.otherProject());
        assertEquals(false, other.get("allowed"));
        assertEquals("no_access", other.string("reason"));
        expect(200, api.get(Api.projects(s.ws()) + "/" + s.project(), token));
        assertProblem(404, api.get(Api.projects(s.ws()) + "/" + s.otherProject(), token));
        assertEquals(List.of(s.project()), Api.ids(expect(200, api.get(Api.projects(s.ws()), token)), "id"));
    }

    @Test
    void suspendingAServiceUserStopsItsTokensAndReactivatingRestoresThem() {
        Setup s = setup();
        String token = expect(201, api.post(s.tokens(), s.owner().token(),
                onAllProjects(List.of("projects:read")))).string("token");
        String user = serviceUsers(s.ws()) + "/" + s.userId();
        expect(200, api.get(Api.projects(s.ws()), token));

        expect(200, api.patch(user, s.owner().token(), body("status", "SUSPENDED")));
        Reply refused = assertProblem(401, api.get(Api.projects(s.ws()), token));
        assertEquals("subject_inactive", refused.string("reason"));
        assertTrue(refused.headers().get("WWW-Authenticate").contains("invalid_token"));

        expect(200, api.patch(user, s.owner().token(), body("status", "ACTIVE")));
        expect(200, api.get(Api.projects(s.ws()), token));
    }

    @Test
    void deletingAServiceUserRevokesEveryTokenItHeld() {
        Setup s = setup();
        String first = expect(201, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("projects:read")))).string("token");
        String second = expect(201, api.post(s.tokens(), s.owner().token(),
                onProjects(List.of("projects:read"), s.project()))).string("token");
        expect(200, api.get(Api.projects(s.ws()), first));

        expect(204, api.delete(serviceUsers(s.ws()) + "/" + s.userId(), s.owner().token()));
        for (String token : List.of(first, second)) {
            Reply refused = assertProblem(401, api.get(Api.projects(s.ws()), token));
            assertEquals("revoked", refused.string("reason"));
        }
        assertEquals(2, tokenRows(s.userId()), "the rows are kept");
        assertEquals(0, count("SELECT COUNT(*) FROM service_tokens WHERE service_user_id = ? AND revoked_at IS NULL",
                s.userId()));
        assertProblem(404, api.get(s.tokens(), s.owner().token()));
        assertProblem(404, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("projects:read"))));
        Reply revocations = api.get(Api.workspace(s.ws()) + "/audit-events?action=token.revoked", s.owner().token());
        assertEquals(2, revocations.items().size(), "each revocation is audited, as any other: " + revocations);
    }

    @Test
    void deletingAServiceUserWithAStaleSessionNeedsThePassword() throws Exception {
        Setup s = setup();
        expect(201, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("projects:read"))));
        String stale = dev.latchkey.app.pat.PatClient.jwtIssuedAt(new dev.latchkey.app.pat.PatClient.Person(
                s.owner().email(), java.util.UUID.fromString(s.owner().id()), null),
                java.time.Instant.now().minus(1, java.time.temporal.ChronoUnit.HOURS));
        Reply refused = assertProblem(403, api.delete(serviceUsers(s.ws()) + "/" + s.userId(), stale));
        assertEquals("confirmation_required", refused.string("reason"));
        assertEquals(1, count("SELECT COUNT(*) FROM service_tokens WHERE service_user_id = ? AND revoked_at IS NULL",
                s.userId()), "nothing is revoked without the confirmation");
    }

    @Test
    void anAdminCannotMintOwnerOrAnythingItDoesNotHold() {
        Setup s = setup();
        Session admin = api.newMember(s.owner(), s.ws(), "ADMIN", null);
        long before = tokenRows(s.userId());
        Reply ownerOnAll = assertForbidden("owner", api.post(s.tokens(), admin.token(), onAllProjects(List.of("owner"))));
        assertEquals("cannot_grant_unheld_permission", ownerOnAll.string("reason"));
        assertForbidden("owner", api.post(s.tokens(), admin.token(), onProjects(List.of("owner", "releases"), s.project())));
        assertEquals(before, tokenRows(s.userId()));

        expect(201, api.post(s.tokens(), admin.token(), onAllProjects(List.of("documents:full", "releases:manage"))));
        expect(201, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("owner"))));
    }

    @Test
    void membersAreForbiddenAndOutsidersCannotSeeAnything() {
        Setup s = setup();
        String tokenId = expect(201, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("branches")))).string("id");
        Session member = api.newMember(s.owner(), s.ws(), "MEMBER", Map.of(s.project(), "ADMIN"));
        assertForbidden("service-users:manage", api.get(serviceUsers(s.ws()), member.token()));
        assertForbidden("service-users:manage", api.post(serviceUsers(s.ws()), member.token(),
                body("firstName", "A", "lastName", "B")));
        assertForbidden("service-users:manage", api.get(s.tokens(), member.token()));
        assertForbidden("service-users:manage", api.post(s.tokens(), member.token(), onAllProjects(List.of("branches"))));
        assertForbidden("service-users:manage", api.get(s.tokens() + "/" + tokenId, member.token()));

        Session stranger = api.newUser();
        Session foreignAdmin = api.newUser();
        api.createWorkspace(foreignAdmin);
        for (Session outsider : List.of(stranger, foreignAdmin)) {
            for (Reply r : everyEndpoint(s, tokenId, outsider.token())) {
                assertProblem(404, r);
            }
        }
        assertEquals("active", expect(200, api.get(s.tokens() + "/" + tokenId, s.owner().token())).string("status"));
        assertEquals("ACTIVE", expect(200, api.get(serviceUsers(s.ws()) + "/" + s.userId(), s.owner().token()))
                .string("status"));
    }

    private List<Reply> everyEndpoint(Setup s, String tokenId, String token) {
        String user = serviceUsers(s.ws()) + "/" + s.userId();
        String one = s.tokens() + "/" + tokenId;
        List<Reply> replies = new ArrayList<>();
        replies.add(api.get(serviceUsers(s.ws()), token));
        replies.add(api.post(serviceUsers(s.ws()), token, body("firstName", "A", "lastName", "B")));
        replies.add(api.get(user, token));
        replies.add(api.patch(user, token, body("status", "SUSPENDED")));
        replies.add(api.delete(user, token));
        replies.add(api.get(s.tokens(), token));
        replies.add(api.post(s.tokens(), token, onAllProjects(List.of("branches"))));
        replies.add(api.get(one, token));
        replies.add(api.patch(one, token, body("name", "mine")));
        replies.add(api.post(one + "/regenerate", token, body()));
        replies.add(api.delete(one, token));
        return replies;
    }

    @Test
    void badRequestsAre400AndWriteNothing() {
        Setup s = setup();
        Session owner2 = api.newUser();
        String foreignProject = api.createProject(owner2, api.createWorkspace(owner2));
        List<Map<String, Object>> bad = List.of(
                onProjects(List.of(), s.project()),
                onProjects(List.of("releases:fly"), s.project()),
                onProjects(List.of("workspace:manage"), s.project()),
                onProjects(List.of("service-users:manage"), s.project()),
                onProjects(List.of("user:read"), s.project()),
                body("permissions", List.of("releases"), "allProjects", true, "projects", List.of(s.project())),
                body("permissions", List.of("releases"), "allProjects", false, "projects", List.of()),
                body("permissions", List.of("releases")),
                onProjects(List.of("releases"), foreignProject),
                onProjects(List.of("releases"), s.project(), UUID.randomUUID().toString()),
                onProjects(List.of("releases"), "not-a-uuid"),
                body("permissions", List.of("releases"), "allProjects", true, "expiration", "5d"),
                body("permissions", List.of("releases"), "allProjects", true,
                        "expiresAt", Instant.now().minus(1, ChronoUnit.DAYS).toString()),
                body("permissions", List.of("releases"), "allProjects", true, "ipRestrictions", List.of("example.com")),
                body("permissions", List.of("releases"), "allProjects", true, "name", "x".repeat(101)));
        long before = tokenRows(s.userId());
        for (Map<String, Object> b : bad) {
            assertProblem(400, api.post(s.tokens(), s.owner().token(), b));
        }
        assertEquals(before, tokenRows(s.userId()));
        assertTrue(expect(200, api.get(s.tokens(), s.owner().token())).items().isEmpty());
    }

    @Test
    void theSecretIsNeverStoredAndNeverShownAgain() throws SQLException {
        Setup s = setup();
        Reply created = expect(201, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("branches"))));
        String secret = created.string("token");
        assertFalse(api.get(s.tokens(), s.owner().token()).text().contains(secret));
        assertFalse(api.get(s.tokens() + "/" + created.string("id"), s.owner().token()).text().contains(secret));
        try (Connection c = raw().getConnection();
             PreparedStatement q = c.prepareStatement("SELECT * FROM service_tokens WHERE id = ?")) {
            q.setString(1, created.string("id"));
            try (ResultSet r = q.executeQuery()) {
                assertTrue(r.next());
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    String value = r.getString(i);
                    assertFalse(value != null && value.contains(secret.substring(4, 40)),
                            "column " + r.getMetaData().getColumnName(i) + " holds the secret");
                }
                assertEquals(64, r.getString("token_hash").length());
            }
        }
    }

    @Test
    void theWorkspacePolicyLimitsLifetimeAtIssueAndAddressesAtUse() {
        Setup s = setup();
        String policy = workspace(s.ws()) + "/token-policy";
        expect(200, api.exchange(HttpMethod.PUT, policy, s.owner().token(),
                body("maxLifetimeDays", 30, "requireExpiry", true, "allowedIpRanges", List.of(), "allowPersonalTokens", true)));
        long before = tokenRows(s.userId());
        Reply never = assertProblem(400, api.post(s.tokens(), s.owner().token(), onAllProjects(List.of("branches"))));
        assertEquals("maxLifetimeDays", never.string("rule"));
        assertProblem(400, api.post(s.tokens(), s.owner().token(),
                body("permissions", List.of("branches"), "allProjects", true, "expiration", "90d")));
        assertEquals(before, tokenRows(s.userId()));
        Reply ok = expect(201, api.post(s.tokens(), s.owner().token(),
                body("permissions", List.of("branches"), "allProjects", true, "expiration", "7d")));
        assertProblem(400, api.post(s.tokens() + "/" + ok.string("id") + "/regenerate", s.owner().token(),
                body("expiration", "never")));
        expect(200, api.get(Api.projects(s.ws()), ok.string("token")));

        expect(200, api.exchange(HttpMethod.PUT, policy, s.owner().token(),
                body("maxLifetimeDays", null, "requireExpiry", false, "allowedIpRanges", List.of("10.0.0.0/8"),
                        "allowPersonalTokens", true)));
        Reply denied = assertProblem(403, api.get(Api.projects(s.ws()), ok.string("token")));
        assertEquals("policy_denied", denied.string("reason"));
    }
}
