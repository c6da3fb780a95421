package dev.latchkey.app.workspacetokens;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.app.pat.StoredTokens;
import dev.latchkey.authz.Level;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workspace API tokens over HTTP: lifecycle, grants against the engine, isolation, policy at issue and use. */
// not transactional: requests run on server threads and must see what the test wrote
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceTokensTest implements TestPropertyProvider {
    private static final List<ProjectRole> ROLES = List.of(ProjectRole.TESTER, ProjectRole.DEVELOPER, ProjectRole.ADMIN,
            ProjectRole.OWNER);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    DataSource dataSource;

    private PatClient api;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    @BeforeAll
    void setUp() {
        api = new PatClient(http);
    }

    static String tokens(String ws) {
        return "/api/workspaces/" + ws + "/tokens";
    }

    static Map<String, Object> tokenBody(Map<String, Object> grant, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", "bitrise");
        m.put("grant", grant);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> allProjects(ProjectRole role) {
        return Map.of("allProjects", role.name());
    }

    private String mint(Person owner, String ws, Map<String, Object> grant) {
        Reply r = api.post(tokens(ws), tokenBody(grant), owner.bearer());
        assertEquals(201, r.status(), r::toString);
        return r.string("token");
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String project(String ws, String id) {
        return "/api/workspaces/" + ws + "/projects/" + id;
    }

    private static boolean roleHolds(ProjectRole role, Permission permission) {
        return role.permissions().stream().anyMatch(p -> p.closure().contains(permission));
    }

    /** Asks the check API about every project permission and compares with the role table. */
    private void assertEngineAgreesWithRole(String token, String projectId, ProjectRole role) {
        for (Permission p : Permission.catalogue()) {
            if (p.level() != Level.PROJECT) {
                continue;
            }
            Reply r = api.post("/api/authz/check", Map.of("permission", p.key(), "project", projectId), bearer(token));
            assertEquals(200, r.status());
            assertEquals(roleHolds(role, p), r.body().get("allowed"), role + " " + p.key() + ": " + r.body());
        }
    }

    private void assertRealEndpointsAgreeWithRole(String token, String ws, String projectId, ProjectRole role) {
        assertEquals(200, api.get(project(ws, projectId), bearer(token)).status(), role::name);
        Reply patch = api.patch(project(ws, projectId), Map.of("name", "renamed by " + role), bearer(token));
        assertEquals(roleHolds(role, Permission.PROJECT_MANAGE) ? 200 : 403, patch.status(), role::name);
        if (patch.status() == 403) {
            assertEquals("project:manage", patch.string("missingPermission"));
        }
    }

    @Test
    void aCreatedTokenIsShownOnceActsForTheWorkspaceAndIsStoredOnlyAsAHash() throws Exception {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        Reply created = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.DEVELOPER), "note", "CI", "expiration", "7d"),
                owner.bearer());
        assertEquals(201, created.status());
        String token = created.string("token");
        assertTrue(token.matches("lkw_[0-9A-Za-z]{49}"));
        assertEquals("workspace", created.string("kind"));
        assertEquals(token.substring(token.length() - 4), created.string("hint"));
        @SuppressWarnings("unchecked")
        Map<String, Object> subject = (Map<String, Object>) created.body().get("subject");
        assertEquals("workspace", subject.get("type"));
        String workspaceId = api.get("/api/workspaces/" + ws, owner.bearer()).string("id");
        assertEquals(workspaceId, subject.get("id"));
        assertEquals(Map.of("allProjects", "DEVELOPER"), withoutNulls(created.body().get("grant")));
        assertEquals(owner.id().toString(), created.string("createdBy"));
        assertEquals("active", created.string("status"));
        assertTrue(created.body().containsKey("lastUsedAt") && created.body().get("lastUsedAt") == null);

        assertEquals(200, api.get(project(ws, projectId), bearer(token)).status());
        // the caller is the workspace, not the owner who minted the token
        assertEquals(404, api.get("/api/user", bearer(token)).status());

        String id = created.string("id");
        Reply got = api.get(tokens(ws) + "/" + id, owner.bearer());
        assertEquals(200, got.status());
        assertFalse(got.body().containsKey("token"));
        assertFalse(got.body().toString().contains(token));
        Reply list = api.get(tokens(ws), owner.bearer());
        assertTrue(list.items().stream().anyMatch(t -> id.equals(t.get("id"))));
        assertFalse(list.body().toString().contains(token));

        StoredTokens.assertOnlyTheHashIsStored(dataSource, "workspace_tokens", id, token);
    }

    @Test
    void everyRoleOnAllProjectsGivesExactlyThatRoleOnEveryProject() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        for (ProjectRole role : ROLES) {
            String token = mint(owner, ws, allProjects(role));
            assertEngineAgreesWithRole(token, projectId, role);
            assertRealEndpointsAgreeWithRole(token, ws, projectId, role);
        }
    }

    @Test
    void everyRoleGivenPerProjectHoldsOnThatProjectOnly() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String other = api.project(owner, ws);
        for (ProjectRole role : ROLES) {
            String projectId = api.project(owner, ws);
            String token = mint(owner, ws, Map.of("projects", Map.of(projectId, role.name())));
            assertEngineAgreesWithRole(token, projectId, role);
            assertRealEndpointsAgreeWithRole(token, ws, projectId, role);
            assertEquals(404, api.get(project(ws, other), bearer(token)).status());
        }
    }

    @Test
    void aProjectCreatedAfterTheTokenIsCoveredByAllProjects() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String token = mint(owner, ws, allProjects(ProjectRole.TESTER));
        String later = api.project(owner, ws);
        assertEquals(200, api.get(project(ws, later), bearer(token)).status());
        assertEngineAgreesWithRole(token, later, ProjectRole.TESTER);
        assertTrue(api.get("/api/workspaces/" + ws + "/projects", bearer(token)).items().stream()
                .anyMatch(p -> later.equals(p.get("id"))));
    }

    @Test
    void noneAndUnlistedProjectsAreInvisibleToTheToken() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String admin = api.project(owner, ws);
        String none = api.project(owner, ws);
        String unlisted = api.project(owner, ws);
        String token = mint(owner, ws, Map.of("projects", Map.of(admin, "ADMIN", none, "NONE")));
        assertEquals(200, api.get(project(ws, admin), bearer(token)).status());
        assertEquals(404, api.get(project(ws, none), bearer(token)).status());
        assertEquals(404, api.get(project(ws, unlisted), bearer(token)).status());
        assertEquals(404, api.patch(project(ws, none), Map.of("name", "x"), bearer(token)).status());
        Reply check = api.post("/api/authz/check", Map.of("permission", "projects:read", "project", none), bearer(token));
        assertEquals(false, check.body().get("allowed"));
        assertEquals("no_access", check.string("reason"));
        List<Object> listed = api.get("/api/workspaces/" + ws + "/projects", bearer(token)).items().stream()
                .map(p -> p.get("id")).toList();
        assertEquals(List.of(admin), listed);
    }

    @Test
    void aWorkspaceTokenHoldsNoWorkspaceLevelPermission() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String token = mint(owner, ws, allProjects(ProjectRole.OWNER));
        assertEquals(403, api.get("/api/workspaces/" + ws + "/members", bearer(token)).status());
        assertEquals(403, api.patch("/api/workspaces/" + ws, Map.of("name", "taken over"), bearer(token)).status());
        assertEquals(403, api.post("/api/workspaces/" + ws + "/projects", Map.of("key", "new", "name", "New"),
                bearer(token)).status());
        Reply list = api.get(tokens(ws), bearer(token));
        assertEquals(403, list.status());
        assertEquals("tokens:manage", list.string("missingPermission"));
        assertEquals(403, api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), bearer(token)).status());
        assertEquals(403, api.put("/api/workspaces/" + ws + "/token-policy", Map.of(), bearer(token)).status());
        Reply check = api.post("/api/authz/check", Map.of("permission", "tokens:manage", "workspace", ws), bearer(token));
        assertEquals(false, check.body().get("allowed"));
    }

    @Test
    void adminsAndMembersMayNotManageTokensAndStrangersDoNotSeeThem() {
        Person owner = api.person();
        Person admin = api.person();
        Person member = api.person();
        Person stranger = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        api.post("/api/workspaces/" + ws + "/members", Map.of("email", admin.email(), "role", "ADMIN"), owner.bearer());
        api.post("/api/workspaces/" + ws + "/members", Map.of("email", member.email(), "role", "MEMBER",
                "projectRoles", Map.of(projectId, "OWNER")), owner.bearer());
        String id = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer()).string("id");
        for (Person refused : List.of(admin, member)) {
            assertEquals(403, api.get(tokens(ws), refused.bearer()).status());
            assertEquals(403, api.post(tokens(ws), tokenBody(Map.of("projects", Map.of(projectId, "TESTER"))),
                    refused.bearer()).status());
            assertEquals(403, api.get(tokens(ws) + "/" + id, refused.bearer()).status());
            assertEquals(403, api.delete(tokens(ws) + "/" + id, refused.bearer()).status());
        }
        assertEquals(404, api.get(tokens(ws), stranger.bearer()).status());
        assertEquals(404, api.get(tokens(ws) + "/" + id, stranger.bearer()).status());
    }

    @Test
    void anOwnerCannotGrantRegenerateOrCopyBeyondItsOwnRights() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        String developerTokenId = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.DEVELOPER)), owner.bearer())
                .string("id");
        // the owner's own PAT may manage tokens but holds only projects:read on projects
        String pat = api.createToken(owner, Map.of("name", "narrow", "workspace", ws,
                "scopes", List.of("tokens:manage", "projects:read"))).string("token");

        Reply wide = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), bearer(pat));
        assertEquals(403, wide.status());
        assertEquals("cannot_grant_unheld_permission", wide.string("reason"));
        assertEquals(403, api.post(tokens(ws), tokenBody(Map.of("projects", Map.of(projectId, "DEVELOPER"))), bearer(pat))
                .status());
        assertEquals(403, api.post(tokens(ws) + "/" + developerTokenId + "/regenerate", Map.of(), bearer(pat)).status());
        assertEquals(403, api.post(tokens(ws) + "/" + developerTokenId + "/copy", Map.of(), bearer(pat)).status());
        assertEquals(200, api.get(tokens(ws) + "/" + developerTokenId, bearer(pat)).status());
        assertEquals(1, api.get(tokens(ws), owner.bearer()).items().size());
    }

    @Test
    void invalidGrantsAreRefusedWith400AndWriteNothing() throws Exception {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String mine = api.project(owner, ws);
        Person other = api.person();
        String foreign = api.project(other, api.workspace(other));
        Map<String, Object> both = new HashMap<>();
        both.put("allProjects", "TESTER");
        both.put("projects", Map.of(mine, "TESTER"));
        List<Map<String, Object>> bad = List.of(
                tokenBody(both),
                tokenBody(Map.of("allProjects", "SUPERUSER")),
                tokenBody(Map.of("allProjects", "developer")),
                tokenBody(Map.of("allProjects", "NONE")),
                tokenBody(Map.of("projects", Map.of(mine, "WIZARD"))),
                tokenBody(Map.of("projects", Map.of(foreign, "TESTER"))),
                tokenBody(Map.of("projects", Map.of(UUID.randomUUID().toString(), "TESTER"))),
                tokenBody(Map.of("projects", Map.of("not-an-id", "TESTER"))),
                tokenBody(Map.of("projects", Map.of(mine, "NONE"))),
                tokenBody(Map.of("projects", Map.of())),
                tokenBody(Map.of()),
                tokenBody(null),
                tokenBody(allProjects(ProjectRole.TESTER), "name", ""),
                tokenBody(allProjects(ProjectRole.TESTER), "expiration", "5d"),
                tokenBody(allProjects(ProjectRole.TESTER), "ipRestrictions", List.of("example.com")));
        for (Map<String, Object> b : bad) {
            Reply r = api.post(tokens(ws), b, owner.bearer());
            assertEquals(400, r.status(), b::toString);
            assertEquals("application/problem+json", r.headers().get("Content-Type"));
        }
        assertTrue(api.get(tokens(ws), owner.bearer()).items().isEmpty());
        assertEquals(0, rowsOfWorkspace(api.get("/api/workspaces/" + ws, owner.bearer()).string("id")));
    }

    @Test
    void anotherWorkspacesOwnerGets404OnEveryEndpointAndATokenNeverLeavesItsWorkspace() {
        Person ann = api.person();
        Person bob = api.person();
        String wsA = api.workspace(ann);
        String wsB = api.workspace(bob);
        String projectB = api.project(bob, wsB);
        Reply created = api.post(tokens(wsA), tokenBody(allProjects(ProjectRole.OWNER)), ann.bearer());
        String id = created.string("id");
        String path = tokens(wsA) + "/" + id;
        assertEquals(404, api.get(tokens(wsA), bob.bearer()).status());
        assertEquals(404, api.post(tokens(wsA), tokenBody(allProjects(ProjectRole.TESTER)), bob.bearer()).status());
        assertEquals(404, api.get(path, bob.bearer()).status());
        assertEquals(404, api.patch(path, Map.of("name", "mine"), bob.bearer()).status());
        assertEquals(404, api.delete(path, bob.bearer()).status());
        assertEquals(404, api.post(path + "/regenerate", Map.of(), bob.bearer()).status());
        assertEquals(404, api.post(path + "/copy", Map.of(), bob.bearer()).status());
        assertEquals(404, api.get("/api/workspaces/" + wsA + "/token-policy", bob.bearer()).status());
        // the id of A's token under B's own path is not found either: every look-up names its workspace
        assertEquals(404, api.get(tokens(wsB) + "/" + id, bob.bearer()).status());
        assertEquals(404, api.delete(tokens(wsB) + "/" + id, bob.bearer()).status());

        String token = created.string("token");
        assertEquals(404, api.get(project(wsB, projectB), bearer(token)).status());
        assertEquals(404, api.get("/api/workspaces/" + wsB, bearer(token)).status());
        assertEquals(404, api.get(tokens(wsB), bearer(token)).status());
        Reply check = api.post("/api/authz/check", Map.of("permission", "projects:read", "project", projectB), bearer(token));
        assertEquals("no_access", check.string("reason"));
        assertEquals(200, api.get(path, ann.bearer()).status());
    }

    @Test
    void regeneratedRevokedAndRestrictedSecretsAreRefusedAtOnce() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        Reply created = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer());
        String id = created.string("id");
        String old = created.string("token");
        assertEquals(200, api.get(project(ws, projectId), bearer(old)).status());

        Instant wanted = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Reply regenerated = api.post(tokens(ws) + "/" + id + "/regenerate", Map.of("expiresAt", wanted.toString()),
                owner.bearer());
        assertEquals(200, regenerated.status());
        String fresh = regenerated.string("token");
        assertEquals(id, regenerated.string("id"));
        assertEquals(wanted, Instant.parse(regenerated.string("expiresAt")));
        assertEquals(Map.of("allProjects", "TESTER"), withoutNulls(regenerated.body().get("grant")));
        assertEquals(401, api.get(project(ws, projectId), bearer(old)).status());
        assertEquals(200, api.get(project(ws, projectId), bearer(fresh)).status());

        Reply restricted = api.patch(tokens(ws) + "/" + id, Map.of("ipRestrictions", List.of("203.0.113.0/24")),
                owner.bearer());
        assertEquals(List.of("203.0.113.0/24"), restricted.body().get("ipRestrictions"));
        Reply refused = api.get(project(ws, projectId), bearer(fresh));
        assertEquals(403, refused.status());
        assertEquals("ip_not_allowed", refused.string("reason"));
        api.patch(tokens(ws) + "/" + id, Map.of("ipRestrictions", List.of()), owner.bearer());
        assertEquals(200, api.get(project(ws, projectId), bearer(fresh)).status());

        assertEquals(204, api.delete(tokens(ws) + "/" + id, owner.bearer()).status());
        Reply revoked = api.get(project(ws, projectId), bearer(fresh));
        assertEquals(401, revoked.status());
        assertEquals("revoked", revoked.string("reason"));
        assertEquals(409, api.post(tokens(ws) + "/" + id + "/regenerate", Map.of(), owner.bearer()).status());
        assertEquals("revoked", api.get(tokens(ws) + "/" + id, owner.bearer()).string("status"));
    }

    @Test
    void aCopyHasTheSameGrantAndItsOwnSecret() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        Reply created = api.post(tokens(ws), tokenBody(Map.of("projects", Map.of(projectId, "ADMIN")), "note", "deploys",
                "ipRestrictions", List.of("127.0.0.1", "::1")), owner.bearer());
        Reply copy = api.post(tokens(ws) + "/" + created.string("id") + "/copy", Map.of("expiration", "30d"), owner.bearer());
        assertEquals(201, copy.status());
        assertEquals("bitrise (copy)", copy.string("name"));
        assertEquals("deploys", copy.string("note"));
        assertEquals(created.body().get("grant"), copy.body().get("grant"));
        assertEquals(created.body().get("ipRestrictions"), copy.body().get("ipRestrictions"));
        assertTrue(!copy.string("id").equals(created.string("id")) && !copy.string("token").equals(created.string("token")));
        assertEquals(200, api.patch(project(ws, projectId), Map.of("name", "copied"), bearer(copy.string("token"))).status());
    }

    @Test
    void selfRotateIsAskedForBesideTheGrantShownKeptByCopyAndGivesNothingElse() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        Reply rotating = api.post(tokens(ws), tokenBody(Map.of("projects", Map.of(projectId, "OWNER")),
                "selfRotate", true), owner.bearer());
        assertEquals(201, rotating.status(), rotating::toString);
        assertEquals(false, api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer()).body()
                .get("selfRotate"), "not asked for, not given");
        assertEquals(true, rotating.body().get("selfRotate"));
        assertEquals(Map.of("projects", Map.of(projectId, "OWNER")), withoutNulls(rotating.body().get("grant")));
        String id = rotating.string("id");
        assertEquals(true, api.get(tokens(ws) + "/" + id, owner.bearer()).body().get("selfRotate"));
        assertEquals(true, api.post(tokens(ws) + "/" + id + "/copy", Map.of(), owner.bearer()).body().get("selfRotate"));

        // self-rotate reaches nothing: no workspace-level right and no project beyond the grant
        String token = rotating.string("token");
        Reply check = api.post("/api/authz/check", Map.of("permission", "tokens:manage", "workspace", ws), bearer(token));
        assertEquals(false, check.body().get("allowed"), check::toString);
        assertEquals(403, api.get(tokens(ws), bearer(token)).status());
        String unlisted = api.project(owner, ws);
        assertEquals(404, api.get(project(ws, unlisted), bearer(token)).status());

        Reply bad = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "selfRotate", Map.of("when", "sometimes")),
                owner.bearer());
        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void theListIsPagedAndFilteredByState() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String active = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer()).string("id");
        String revoked = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer()).string("id");
        api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer());
        api.delete(tokens(ws) + "/" + revoked, owner.bearer());
        Reply first = api.get(tokens(ws) + "?limit=2", owner.bearer());
        assertEquals(2, first.items().size());
        Reply second = api.get(tokens(ws) + "?limit=2&cursor=" + first.string("nextCursor"), owner.bearer());
        assertEquals(1, second.items().size());
        assertNull(second.body().get("nextCursor"));
        List<Object> revokedIds = api.get(tokens(ws) + "?state=revoked", owner.bearer()).items().stream()
                .map(t -> t.get("id")).toList();
        assertEquals(List.of(revoked), revokedIds);
        List<Object> activeIds = api.get(tokens(ws) + "?state=active", owner.bearer()).items().stream()
                .map(t -> t.get("id")).toList();
        assertTrue(activeIds.contains(active) && !activeIds.contains(revoked) && activeIds.size() == 2);
        assertTrue(api.get(tokens(ws) + "?state=expired", owner.bearer()).items().isEmpty());
        assertEquals(400, api.get(tokens(ws) + "?state=sleeping", owner.bearer()).status());
    }

    @Test
    void aStaleSessionNeedsThePasswordToMintRegenerateCopyOrRevoke() throws Exception {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String stale = "Bearer " + PatClient.jwtIssuedAt(owner, Instant.now().minus(1, ChronoUnit.HOURS));
        String id = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), owner.bearer()).string("id");
        assertEquals(200, api.get(tokens(ws), stale).status());
        Reply refused = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), stale);
        assertEquals(403, refused.status());
        assertEquals("confirmation_required", refused.string("reason"));
        assertEquals(403, api.post(tokens(ws) + "/" + id + "/regenerate", Map.of(), stale).status());
        assertEquals(403, api.post(tokens(ws) + "/" + id + "/copy", Map.of(), stale).status());
        assertEquals(403, api.delete(tokens(ws) + "/" + id, stale).status());
        assertEquals(200, api.patch(tokens(ws) + "/" + id, Map.of("name", "renaming needs no sudo"), stale).status());
        Reply confirmed = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER)), stale,
                r -> r.header("X-Confirm-Password", PatClient.PASSWORD));
        assertEquals(201, confirmed.status());
        assertEquals(2, api.get(tokens(ws) + "?state=active", owner.bearer()).items().size());
    }

    @Test
    void thePolicyLimitsLifetimeAtCreateRegenerateAndCopy() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String id = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "never"), owner.bearer())
                .string("id");
        assertEquals(200, api.put("/api/workspaces/" + ws + "/token-policy",
                WorkspaceTokenPolicyTest.policyBody(30, true, null, true), owner.bearer()).status());

        Reply never = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "never"), owner.bearer());
        assertEquals(400, never.status());
        assertEquals("maxLifetimeDays", never.string("rule"));
        Reply tooLong = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "60d"), owner.bearer());
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.string("detail").contains("maxLifetimeDays"));
        assertEquals(201, api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "30d"),
                owner.bearer()).status());

        assertEquals(400, api.post(tokens(ws) + "/" + id + "/regenerate", Map.of("expiration", "90d"), owner.bearer()).status());
        assertEquals(400, api.post(tokens(ws) + "/" + id + "/copy", Map.of("expiration", "never"), owner.bearer()).status());
        assertEquals(200, api.post(tokens(ws) + "/" + id + "/regenerate", Map.of("expiration", "7d"), owner.bearer()).status());
        assertEquals(2, api.get(tokens(ws), owner.bearer()).items().size());

        api.put("/api/workspaces/" + ws + "/token-policy", WorkspaceTokenPolicyTest.policyBody(null, true, null, true),
                owner.bearer());
        Reply noExpiry = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "never"), owner.bearer());
        assertEquals(400, noExpiry.status());
        assertEquals("requireExpiry", noExpiry.string("rule"));
        assertEquals(201, api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "90d"),
                owner.bearer()).status());
    }

    @Test
    void aTighterLifetimePolicyStopsExistingTokensAtTheirNextUseWithoutRewritingThem() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String projectId = api.project(owner, ws);
        Reply created = api.post(tokens(ws), tokenBody(allProjects(ProjectRole.TESTER), "expiration", "never"), owner.bearer());
        String token = created.string("token");
        assertEquals(200, api.get(project(ws, projectId), bearer(token)).status());

        api.put("/api/workspaces/" + ws + "/token-policy", WorkspaceTokenPolicyTest.policyBody(90, false, null, true),
                owner.bearer());
        Reply refused = api.get(project(ws, projectId), bearer(token));
        assertEquals(403, refused.status());
        assertEquals("policy_denied", refused.string("reason"));
        assertNull(api.get(tokens(ws) + "/" + created.string("id"), owner.bearer()).body().get("expiresAt"));

        api.put("/api/workspaces/" + ws + "/token-policy", WorkspaceTokenPolicyTest.policyBody(null, false, null, true),
                owner.bearer());
        assertEquals(200, api.get(project(ws, projectId), bearer(token)).status());
    }

    @Test
    void aPatLimitedToAWorkspaceFollowsItsLifetimePolicy() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        api.put("/api/workspaces/" + ws + "/token-policy", WorkspaceTokenPolicyTest.policyBody(30, false, null, true),
                owner.bearer());
        Map<String, Object> pat = new HashMap<>(Map.of("name", "ci", "scopes", List.of("projects:read"), "workspace", ws));
        pat.put("expiration", "never");
        Reply refused = api.createToken(owner, pat);
        assertEquals(400, refused.status());
        assertEquals("maxLifetimeDays", refused.string("rule"));
        pat.put("expiration", "30d");
        assertEquals(201, api.createToken(owner, pat).status());
        // a PAT not limited to one workspace answers to no single workspace's lifetime rule
        pat.remove("workspace");
        pat.put("expiration", "never");
        assertEquals(201, api.createToken(owner, pat).status());
    }

    @Test
    void personalTokensLoseAWorkspaceThatForbidsThemAndKeepWorkingElsewhere() {
        Person owner = api.person();
        String strict = api.workspace(owner);
        String relaxed = api.workspace(owner);
        String strictProject = api.project(owner, strict);
        String relaxedProject = api.project(owner, relaxed);
        String pat = api.createToken(owner, Map.of("name", "everywhere", "scopes", List.of("projects:read", "user:read")))
                .string("token");
        String workspaceToken = mint(owner, strict, allProjects(ProjectRole.TESTER));
        assertEquals(200, api.get(project(strict, strictProject), bearer(pat)).status());

        api.put("/api/workspaces/" + strict + "/token-policy", WorkspaceTokenPolicyTest.policyBody(null, false, null, false),
                owner.bearer());
        assertEquals(404, api.get(project(strict, strictProject), bearer(pat)).status());
        assertEquals(404, api.get("/api/workspaces/" + strict, bearer(pat)).status());
        assertEquals(200, api.get(project(relaxed, relaxedProject), bearer(pat)).status());
        assertEquals(200, api.get("/api/user", bearer(pat)).status());
        // the switch is about members' PATs; the workspace's own tokens and sessions are unaffected
        assertEquals(200, api.get(project(strict, strictProject), bearer(workspaceToken)).status());
        assertEquals(200, api.get(project(strict, strictProject), owner.bearer()).status());

        api.put("/api/workspaces/" + strict + "/token-policy", WorkspaceTokenPolicyTest.policyBody(null, false, null, true),
                owner.bearer());
        assertEquals(200, api.get(project(strict, strictProject), bearer(pat)).status());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Object map) {
        Map<String, Object> copy = new HashMap<>((Map<String, Object>) map);
        copy.values().removeIf(v -> v == null);
        return copy;
    }

    private int rowsOfWorkspace(String workspaceId) throws Exception {
        try (Connection c = StoredTokens.raw(dataSource).getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM workspace_tokens WHERE workspace_id = ?")) {
            s.setString(1, workspaceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
