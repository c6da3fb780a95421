package dev.latchkey.app.integrations;

import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workspace and service tokens take part in introspection, leak reports, RFC 7009 and the audit trail like PATs. */
@MicronautTest(transactional = false)
class EveryKindIntegrationsTest extends HttpTestBase {

    private record Kinds(Person owner, String ws, String wsId, String workspaceToken, String workspaceTokenId,
                         String serviceToken, String serviceTokenId) {
    }

    private Kinds mint() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String wsId = (String) api.get("/api/workspaces/" + ws, owner.bearer()).body().get("id");
        String project = api.project(owner, ws);
        Reply workspaceToken = api.post("/api/workspaces/" + ws + "/tokens",
                Map.of("name", "ci", "grant", Map.of("projects", Map.of(project, "DEVELOPER"))), owner.bearer());
        String serviceUser = api.post("/api/workspaces/" + ws + "/service-users",
                Map.of("firstName", "Deploy", "lastName", "Bot"), owner.bearer()).string("id");
        Reply serviceToken = api.post("/api/users/service/" + serviceUser + "/personal-access-tokens",
                Map.of("note", "deploy", "permissions", List.of("releases:deploy"), "allProjects", true), owner.bearer());
        return new Kinds(owner, ws, wsId, workspaceToken.string("token"), workspaceToken.string("id"),
                serviceToken.string("token"), serviceToken.string("id"));
    }

    private Reply introspect(Person caller, String token) {
        return fx.form("/oauth/introspect", Map.of("token", token), caller.bearer());
    }

    @Test
    void workspaceAndServiceTokensAreIntrospectedWithTheirGrant() {
        Kinds k = mint();
        Reply ws = introspect(k.owner(), k.workspaceToken());
        assertEquals(true, ws.body().get("active"));
        assertEquals("workspace", ws.body().get("token_type"));
        assertEquals(k.wsId(), ws.body().get("workspace"));
        assertTrue(String.valueOf(ws.body().get("scope")).contains("pipelines:run"));
        assertTrue(String.valueOf(ws.body().get("grant")).contains("DEVELOPER"), String.valueOf(ws.body().get("grant")));

        Reply svc = introspect(k.owner(), k.serviceToken());
        assertEquals(true, svc.body().get("active"));
        assertEquals("service", svc.body().get("token_type"));
        assertTrue(String.valueOf(svc.body().get("grant")).contains("releases:deploy"));
    }

    @Test
    void leakedWorkspaceAndServiceTokensAreRevokedAndTheWorkspaceLogSaysSo() {
        Kinds k = mint();
        Reply leak = api.post("/api/tokens/leaks", Map.of("tokens", List.of(k.workspaceToken(), k.serviceToken()),
                "source", "https://paste.example.com/x"), null);
        assertEquals(202, leak.status());
        assertEquals(Map.of("active", false), introspect(k.owner(), k.workspaceToken()).body());
        assertEquals(Map.of("active", false), introspect(k.owner(), k.serviceToken()).body());
        assertEquals(401, api.get("/api/workspaces/" + k.ws(), "Bearer " + k.workspaceToken()).status());

        Reply log = api.get("/api/workspaces/" + k.ws() + "/audit-events?action=token.revoked_as_leaked", k.owner().bearer());
        List<Object> targets = log.items().stream().map(e -> (Object) ((Map<?, ?>) e.get("target")).get("id")).toList();
        assertTrue(targets.contains(k.workspaceTokenId()) && targets.contains(k.serviceTokenId()), log.body().toString());
        Reply created = api.get("/api/workspaces/" + k.ws() + "/audit-events?action=token.created", k.owner().bearer());
        assertEquals(2, created.items().size(), created.body().toString());
    }

    @Test
    void aWorkspaceTokenMayRevokeItselfUnderRfc7009() {
        Kinds k = mint();
        Reply r = fx.form("/oauth/revoke", Map.of("token", k.workspaceToken()), "Bearer " + k.workspaceToken());
        assertEquals(200, r.status());
        assertEquals(401, api.get("/api/workspaces/" + k.ws() + "/projects", "Bearer " + k.workspaceToken()).status());
        assertEquals("revoked", api.get("/api/workspaces/" + k.ws() + "/tokens/" + k.workspaceTokenId(), k.owner().bearer())
                .string("status"));
    }
}
