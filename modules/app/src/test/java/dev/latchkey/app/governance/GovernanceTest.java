package dev.latchkey.app.governance;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.CountedStatements;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.StoredRows;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #19 over HTTP: the credential inventory, bulk revoke, approval of PATs and maxTokensPerUser. */
@MicronautTest(transactional = false)
class GovernanceTest extends WorkspaceTest {
    @Inject
    DataSource dataSource;

    @Inject
    dev.latchkey.directory.governance.PendingApprovals pendingApprovals;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    CountedStatements counted;

    /** The statements of each request are counted ({@link CountedStatements}). */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("latchkey.test.count-statements", "true");
        return p;
    }

    /** How many of the statements {@code request} ran read the workspaces table. */
    private long workspaceReads(Runnable request) {
        return counted.counter().during(request).stream()
                .filter(e -> e.sql().matches("(?is).*\\bfrom\\s+`?workspaces\\b.*")).count();
    }

    /** {@code latchkey_token_approvals_pending}, counted again now. */
    private double pendingGauge() {
        pendingApprovals.refresh();
        return meters.get("latchkey.token.approvals.pending").gauge().value();
    }

    private String credentials() {
        return Api.workspace(ws) + "/credentials";
    }

    private String pat(Api.Session who, Object... more) {
        Map<String, Object> b = body("name", "pat " + Api.unique("n"), "scopes", List.of("workspace:read", "projects:read", "user:read"));
        for (int i = 0; i < more.length; i += 2) {
            b.put((String) more[i], more[i + 1]);
        }
        return expect(201, api.post("/api/user/personal-access-tokens", who.token(), b)).string("token");
    }

    private Reply workspaceToken(String name) {
        return expect(201, api.post(Api.workspace(ws) + "/tokens", owner.token(),
                body("name", name, "grant", Map.of("allProjects", "OWNER"))));
    }

    private Reply serviceToken() {
        String user = expect(201, api.post(Api.workspace(ws) + "/service-users", owner.token(),
                body("firstName", "Gov", "lastName", "Bot"))).string("id");
        return expect(201, api.post("/api/users/service/" + user + "/personal-access-tokens", owner.token(),
                body("note", "gov", "permissions", List.of("projects:read"), "allProjects", true)));
    }

    private void policy(Object... kv) {
        expect(200, api.exchange(io.micronaut.http.HttpMethod.PUT, Api.workspace(ws) + "/token-policy", owner.token(), body(kv)));
    }

    private Map<String, Object> item(Reply list, String id) {
        return list.items().stream().filter(i -> id.equals(i.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + list));
    }

    @Test
    void theInventoryListsEveryKindThatCanActInTheWorkspaceAndFilters() {
        Api.Session member = api.newMember(owner, ws, "MEMBER", null);
        Api.Workspace elsewhere = api.createWorkspace(member);
        pat(member);
        Reply wsToken = workspaceToken("deploy bot");
        Reply svc = serviceToken();
        Api.Session stranger = api.newUser();
        pat(stranger); // not a member: never listed

        Reply all = expect(200, api.get(credentials(), owner.token()));
        assertEquals(3, ((Number) all.get("total")).intValue(), all.toString());
        assertEquals(List.of("personal", "service", "workspace"),
                all.items().stream().map(i -> (String) i.get("kind")).sorted().toList());
        Map<String, Object> memberPat = all.items().stream().filter(i -> "personal".equals(i.get("kind"))).findFirst().get();
        assertEquals(member.email(), memberPat.get("owner"));
        assertEquals("active", memberPat.get("state"));
        assertEquals(List.of(elsewhere.slug()), memberPat.get("otherWorkspaces"), "an OWNER sees where else the PAT reaches");
        assertNotNull(item(all, wsToken.string("id")).get("createdAt"));

        Reply workspaceOnly = expect(200, api.get(credentials() + "?kind=workspace", owner.token()));
        assertEquals(List.of(wsToken.string("id")), workspaceOnly.items().stream().map(i -> i.get("id")).toList());
        assertEquals(3, expect(200, api.get(credentials() + "?neverUsed=true&neverExpires=false", owner.token())).items().size()
                + expect(200, api.get(credentials() + "?neverUsed=true&neverExpires=true", owner.token())).items().size());
        assertEquals(List.of(svc.string("id")), expect(200, api.get(credentials() + "?q=gov", owner.token())).items()
                .stream().map(i -> i.get("id")).toList(), "q matches the name (service tokens are named from the note)");
        assertEquals(0, expect(200, api.get(credentials() + "?unusedForDays=1", owner.token())).items().size(),
                "created just now: not unused for a day");
        assertEquals(1, expect(200, api.get(credentials() + "?limit=1&sort=-expiry", owner.token())).items().size());
        assertEquals(1, ((Number) expect(200, api.get(credentials() + "?limit=1", owner.token())).get("nextOffset")).intValue());

        Api.Session admin = api.newMember(owner, ws, "ADMIN", null);
        Reply asAdmin = expect(200, api.get(credentials() + "?kind=personal", admin.token()));
        assertTrue(asAdmin.items().stream().allMatch(i -> i.get("otherWorkspaces") == null),
                "an ADMIN does not see the PAT owners' other workspaces: " + asAdmin);
        assertEquals(404, api.get(credentials(), stranger.token()).status());
        int asMember = api.get(credentials(), member.token()).status();
        assertTrue(asMember == 403 || asMember == 404, "a plain member may not read the inventory: " + asMember);
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        Reply unknown = expect(400, api.get(credentials() + "?colour=red", owner.token()));
        assertEquals("colour", unknown.string("field"));
        assertEquals("unusedForDays", expect(400, api.get(credentials() + "?unusedForDays=-3", owner.token())).string("field"));
        assertEquals("expiringWithinDays", expect(400, api.get(credentials() + "?expiringWithinDays=soon", owner.token())).string("field"));
        assertEquals("state", expect(400, api.get(credentials() + "?state=zombie", owner.token())).string("field"));
        assertEquals("sort", expect(400, api.get(credentials() + "?sort=name", owner.token())).string("field"));
        assertEquals("neverUsed", expect(400, api.get(credentials() + "/export?neverUsed=maybe", owner.token())).string("field"));
        Reply limit = expect(400, api.get(credentials() + "?limit=0", owner.token()));
        assertEquals("limit", limit.string("field"));
        assertTrue(limit.contentType().startsWith("application/problem+json"), limit.contentType());
    }

    @Test
    void theExportIsCsvWithAHeaderAndOneLinePerCredential() {
        workspaceToken("=HYPERLINK(\"x\")");
        Reply csv = api.get(credentials() + "/export?kind=workspace", owner.token());
        assertEquals(200, csv.status());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        String[] lines = csv.text().split("\r\n");
        assertEquals("kind,id,name,owner,createdAt,expiresAt,lastUsedAt,lastUsedIp,state", lines[0]);
        assertEquals(2, lines.length, csv.text());
        assertTrue(lines[1].startsWith("workspace,"), lines[1]);
        assertTrue(lines[1].contains("'=HYPERLINK"), "a formula is defused: " + lines[1]);
    }

    @Test
    void bulkRevokeByIdsRevokesWorkspaceTokensAndCutsAPatOffFromThisWorkspaceOnly() {
        Api.Session member = api.newMember(owner, ws, "ADMIN", null);
        Api.Workspace other = api.createWorkspace(member);
        String memberPat = pat(member);
        Reply wsToken = workspaceToken("to revoke");
        String patId = expect(200, api.get(credentials() + "?kind=personal", owner.token())).items().get(0).get("id").toString();
        assertEquals(200, api.get(Api.workspace(ws), memberPat).status());

        Reply revoked = expect(200, api.post(credentials() + "/revoke", owner.token(),
                body("ids", List.of(wsToken.string("id"), patId))));
        assertEquals(List.of(wsToken.string("id")), revoked.get("revoked"));
        assertEquals(List.of(patId), revoked.get("excluded"));

        assertEquals(401, api.get(Api.projects(ws), wsToken.string("token")).status(), "the workspace token is revoked");
        assertEquals(404, api.get(Api.workspace(ws), memberPat).status(), "the PAT no longer reaches this workspace");
        assertEquals(200, api.get(Api.workspace(other), memberPat).status(), "but still works in the member's other workspace");
        assertEquals(200, api.get("/api/user", memberPat).status());
        Reply after = expect(200, api.get(credentials() + "?state=excluded", owner.token()));
        assertEquals(List.of(patId), after.items().stream().map(i -> i.get("id")).toList());

        Reply again = expect(200, api.post(credentials() + "/revoke", owner.token(), body("ids", List.of(patId))));
        assertEquals(List.of(patId), again.get("unchanged"), "revoking twice changes nothing");
    }

    @Test
    void bulkRevokeOfAForeignIdOrABadFilterWritesNothing() throws Exception {
        Reply mine = workspaceToken("keep me");
        Api.Session other = api.newUser();
        Api.Workspace theirs = api.createWorkspace(other);
        String foreign = expect(201, api.post(Api.workspace(theirs) + "/tokens", other.token(),
                body("name", "theirs", "grant", Map.of("allProjects", "TESTER")))).string("id");
        Map<String, Long> before = StoredRows.count(dataSource, List.of("personal_token_workspace_access", "audit_events"));

        Reply notFound = expect(200, api.post(credentials() + "/revoke", owner.token(), body("ids", List.of(foreign))));
        assertEquals(List.of(foreign), notFound.get("notFound"), "another workspace's token is reported, never touched");
        assertEquals(List.of(), notFound.get("revoked"));
        assertEquals("active", api.get(Api.workspace(theirs) + "/tokens/" + foreign, other.token()).string("status"));
        assertEquals(200, api.get(Api.projects(ws), mine.string("token")).status(), "nothing was revoked");
        assertEquals("ids", expect(400, api.post(credentials() + "/revoke", owner.token(), body("ids", List.of("x")))).string("field"));
        assertEquals("filter.colour", expect(400, api.post(credentials() + "/revoke", owner.token(),
                body("filter", Map.of("colour", "red")))).string("field"));
        assertEquals("filter.unusedForDays", expect(400, api.post(credentials() + "/revoke", owner.token(),
                body("filter", Map.of("unusedForDays", "-1")))).string("field"));
        assertEquals("filter", expect(400, api.post(credentials() + "/revoke", owner.token(),
                body("filter", Map.of()))).string("field"));
        assertEquals("ids", expect(400, api.post(credentials() + "/revoke", owner.token(), body())).string("field"));
        assertEquals(before, StoredRows.count(dataSource, List.of("personal_token_workspace_access", "audit_events")));
        assertEquals(200, api.get(Api.projects(ws), mine.string("token")).status());
    }

    @Test
    void anAdminMayCutPatsOffButNotRevokeWorkspaceTokensAndARefusalWritesNothing() {
        Api.Session admin = api.newMember(owner, ws, "ADMIN", null);
        String adminPat = pat(admin);
        Reply wsToken = workspaceToken("owner's bot");
        String patId = expect(200, api.get(credentials() + "?kind=personal", admin.token())).items().get(0).get("id").toString();
        Reply refused = expect(403, api.post(credentials() + "/revoke", admin.token(),
                body("ids", List.of(patId, wsToken.string("id")))));
        assertEquals("tokens:manage", refused.string("missingPermission"));
        assertEquals(200, api.get(Api.workspace(ws), adminPat).status(), "the PAT was not cut off either");
        Reply cut = expect(200, api.post(credentials() + "/revoke", admin.token(), body("ids", List.of(patId))));
        assertEquals(List.of(patId), cut.get("excluded"));
    }

    @Test
    void bulkRevokeByFilterRevokesWhatMatches() {
        Reply a = workspaceToken("ci alpha");
        Reply b = workspaceToken("ci beta");
        Reply keep = workspaceToken("keeper");
        Reply done = expect(200, api.post(credentials() + "/revoke", owner.token(),
                body("filter", Map.of("kind", "workspace", "q", "ci "))));
        assertEquals(2, ((List<?>) done.get("revoked")).size(), done.toString());
        assertEquals(401, api.get(Api.projects(ws), a.string("token")).status());
        assertEquals(401, api.get(Api.projects(ws), b.string("token")).status());
        assertEquals(200, api.get(Api.projects(ws), keep.string("token")).status());
    }

    @Test
    void aPatLimitedToAWorkspaceThatRequiresApprovalWaitsForAnOwner() {
        policy("requireApprovalForPersonalTokens", true);
        Api.Session member = api.newMember(owner, ws, "MEMBER", null);
        double pendingBefore = pendingGauge();
        String token = pat(member, "workspace", ws.slug());
        assertEquals(pendingBefore + 1, pendingGauge(), "the request is counted as pending");
        Reply refused = api.get(Api.workspace(ws), token);
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("pending_approval", refused.string("reason"));

        Reply mine = expect(200, api.get("/api/user/token-requests", member.token()));
        assertEquals("pending", mine.items().get(0).get("state"));
        String tokenId = mine.items().get(0).get("tokenId").toString();

        Reply queue = expect(200, api.get(Api.workspace(ws) + "/token-requests", owner.token()));
        assertEquals(List.of(tokenId), queue.items().stream().map(i -> i.get("tokenId")).toList());
        assertEquals("pending", item(expect(200, api.get(credentials(), owner.token())), tokenId).get("state"));
        int asMember = api.get(Api.workspace(ws) + "/token-requests", member.token()).status();
        assertTrue(asMember == 403 || asMember == 404, "members may not see the queue: " + asMember);

        Reply approved = expect(200, api.post(Api.workspace(ws) + "/token-requests/" + tokenId + "/approve", owner.token(),
                body("note", "ok for the release")));
        assertEquals("approved", approved.string("state"));
        assertEquals(pendingBefore, pendingGauge(), "approved: no longer pending");
        assertEquals(200, api.get(Api.workspace(ws), token).status(), "approved: it works at once");
    }

    @Test
    void aDeniedPatIsRefusedAndItsOwnerSeesTheNote() {
        policy("requireApprovalForPersonalTokens", true);
        Api.Session member = api.newMember(owner, ws, "MEMBER", null);
        String token = pat(member, "workspace", ws.slug());
        String tokenId = expect(200, api.get("/api/user/token-requests", member.token())).items().get(0).get("tokenId").toString();
        expect(200, api.post(Api.workspace(ws) + "/token-requests/" + tokenId + "/deny", owner.token(),
                body("note", "use the deploy bot instead")));
        Reply refused = api.get(Api.workspace(ws), token);
        assertEquals(403, refused.status());
        assertEquals("approval_denied", refused.string("reason"));
        Map<String, Object> mine = expect(200, api.get("/api/user/token-requests", member.token())).items().get(0);
        assertEquals("denied", mine.get("state"));
        assertEquals("use the deploy bot instead", mine.get("note"));
        assertEquals(ws.slug(), mine.get("workspace"));
    }

    @Test
    void approvingATokenOfAnotherWorkspaceIsA404AndWritesNothing() throws Exception {
        Api.Session other = api.newUser();
        Api.Workspace theirs = api.createWorkspace(other);
        expect(200, api.exchange(io.micronaut.http.HttpMethod.PUT, Api.workspace(theirs) + "/token-policy", other.token(),
                body("requireApprovalForPersonalTokens", true)));
        String token = pat(other, "workspace", theirs.slug());
        String tokenId = expect(200, api.get("/api/user/token-requests", other.token())).items().get(0).get("tokenId").toString();
        Map<String, Long> before = StoredRows.count(dataSource, List.of("personal_token_workspace_access", "audit_events"));
        Reply refused = expect(404, api.post(Api.workspace(ws) + "/token-requests/" + tokenId + "/approve", owner.token(), body()));
        assertEquals("id", refused.string("field"));
        expect(404, api.post(Api.workspace(ws) + "/token-requests/not-an-id/approve", owner.token(), body()));
        assertEquals("note", expect(400, api.post(Api.workspace(ws) + "/token-requests/" + tokenId + "/deny", owner.token(),
                body("note", "x".repeat(1001)))).string("field"));
        assertEquals("state", expect(400, api.get(Api.workspace(ws) + "/token-requests?state=zombie", owner.token())).string("field"));
        assertEquals(before, StoredRows.count(dataSource, List.of("personal_token_workspace_access", "audit_events")));
        assertEquals("pending_approval", api.get(Api.workspace(theirs), token).string("reason"));
    }

    @Test
    void maxTokensPerUserCapsThePatsLimitedToTheWorkspace() {
        policy("maxTokensPerUser", 1);
        Api.Session member = api.newMember(owner, ws, "MEMBER", null);
        pat(member, "workspace", ws.slug());
        Map<String, Object> second = body("name", "second", "scopes", List.of("workspace:read"), "workspace", ws.slug());
        Reply refused = expect(409, api.post("/api/user/personal-access-tokens", member.token(), second));
        assertEquals("maxTokensPerUser", refused.string("field"));
        assertEquals("limit-reached", refused.string("type").replaceAll(".*:", ""));
        pat(member); // a PAT not limited to the workspace is only under the global caps

        Map<String, Object> bad = new HashMap<>(body("maxTokensPerUser", -1));
        assertEquals("maxTokensPerUser", expect(400, api.exchange(io.micronaut.http.HttpMethod.PUT,
                Api.workspace(ws) + "/token-policy", owner.token(), bad)).string("field"));
        assertEquals("revokeUnusedAfterDays", expect(400, api.exchange(io.micronaut.http.HttpMethod.PUT,
                Api.workspace(ws) + "/token-policy", owner.token(), body("revokeUnusedAfterDays", 0))).string("field"));
        Reply shown = expect(200, api.get(Api.workspace(ws) + "/token-policy", owner.token()));
        assertEquals(1, shown.get("maxTokensPerUser"));
        assertNull(shown.get("revokeUnusedAfterDays"));
    }

    @Test
    void aRequestersListOfRequestsReadsTheirWorkspacesOnceHoweverManyRows() {
        Api.Session user = api.newUser();
        for (int i = 0; i < 3; i++) {
            Api.Workspace w = api.createWorkspace(user);
            expect(200, api.exchange(io.micronaut.http.HttpMethod.PUT, Api.workspace(w) + "/token-policy", user.token(),
                    body("requireApprovalForPersonalTokens", true)));
            pat(user, "workspace", w.slug());
        }
        Reply[] mine = new Reply[1];
        long reads = workspaceReads(() -> mine[0] = expect(200, api.get("/api/user/token-requests", user.token())));
        assertEquals(3, mine[0].items().size());
        assertTrue(mine[0].items().stream().allMatch(i -> i.get("workspace") != null), mine[0].toString());
        assertEquals(1, reads, "the three rows' workspaces are read in one statement");
    }

    @Test
    void theInventoryReadsTheOtherWorkspacesOnceHoweverManyOwnersReachThem() {
        for (int i = 0; i < 2; i++) {
            Api.Session member = api.newMember(owner, ws, "MEMBER", null);
            api.createWorkspace(member);
            pat(member);
        }
        Reply[] page = new Reply[1];
        long ofTwo = workspaceReads(() -> page[0] = expect(200, api.get(credentials() + "?kind=personal", owner.token())));
        assertEquals(2, page[0].items().size());
        Api.Session third = api.newMember(owner, ws, "MEMBER", null);
        api.createWorkspace(third);
        pat(third);
        long ofThree = workspaceReads(() -> page[0] = expect(200, api.get(credentials() + "?kind=personal", owner.token())));
        assertEquals(3, page[0].items().size());
        assertTrue(page[0].items().stream().allMatch(i -> ((List<?>) i.get("otherWorkspaces")).size() == 1), page[0].toString());
        assertEquals(ofTwo, ofThree, "one more owner reaching another workspace reads no more workspaces");
    }
}
