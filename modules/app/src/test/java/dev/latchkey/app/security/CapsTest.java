package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.pat.StoredTokens;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, class "nothing stops a caller from creating without end": every thing a user or a
 * workspace accumulates has a cap (small here, set by latchkey.limits.*), reaching it is a 409 that
 * names the cap, only live tokens count, and parallel creates at the cap do not all pass.
 */
@MicronautTest(transactional = false)
class CapsTest extends ApiTest {
    private static final int CAP = 3;

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        for (String key : List.of("personal-tokens-per-user", "workspaces-per-user", "workspace-tokens-per-workspace",
                "service-tokens-per-workspace", "service-users-per-workspace", "projects-per-workspace",
                "members-per-workspace")) {
            p.put("latchkey.limits." + key, String.valueOf(CAP));
        }
        return p;
    }

    private static void assertCapReached(String key, Reply reply) {
        assertEquals(409, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.contentType());
        assertEquals("urn:latchkey:problem:limit-reached", reply.string("type"));
        assertEquals(key, reply.string("limit"));
        assertEquals(CAP, ((Number) reply.get("max")).intValue());
        assertTrue(reply.string("title").startsWith("Limit reached: "), reply::toString);
        assertTrue(reply.string("detail").contains("latchkey.limits." + key), reply::toString);
    }

    /** Fills the cap with {@code create}, then checks that one more is refused with the cap's problem. */
    private static List<Reply> fill(String key, int already, Supplier<Reply> create) {
        List<Reply> made = new ArrayList<>();
        for (int i = already; i < CAP; i++) {
            made.add(expect(201, create.get()));
        }
        assertCapReached(key, create.get());
        return made;
    }

    private Reply newPat(Api.Session user) {
        return api.post("/api/user/personal-access-tokens", user.token(),
                body("name", Api.unique("pat"), "scopes", List.of("user:read")));
    }

    @Test
    void personalTokensAreCappedPerUserAndOnlyLiveOnesCount() {
        Api.Session ann = api.newUser();
        List<Reply> made = fill("personal-tokens-per-user", 0, () -> newPat(ann));
        String first = made.get(0).string("id");
        assertCapReached("personal-tokens-per-user",
                api.post("/api/user/personal-access-tokens/" + first + "/copy", ann.token(), Map.of()));
        // regenerating replaces a secret, it adds nothing
        expect(200, api.post("/api/user/personal-access-tokens/" + first + "/regenerate", ann.token(), Map.of()));
        // another user has a cap of their own
        expect(201, newPat(api.newUser()));
        // a revoked token no longer counts
        expect(204, api.delete("/api/user/personal-access-tokens/" + first, ann.token()));
        expect(201, newPat(ann));
        assertCapReached("personal-tokens-per-user", newPat(ann));
    }

    @Test
    void expiredTokensDoNotCount() throws Exception {
        Api.Session ann = api.newUser();
        List<Reply> made = fill("personal-tokens-per-user", 0, () -> newPat(ann));
        try (Connection c = StoredTokens.raw(dataSource).getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE personal_tokens SET expires_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
            ps.setString(2, made.get(0).string("id"));
            assertEquals(1, ps.executeUpdate());
        }
        expect(201, newPat(ann));
        assertCapReached("personal-tokens-per-user", newPat(ann));
    }

    @Test
    void workspacesAreCappedPerOwner() {
        Api.Session ann = api.newUser();
        fill("workspaces-per-user", 0,
                () -> api.post("/api/workspaces", ann.token(), body("slug", Api.unique("ws"), "name", "Acme")));
    }

    @Test
    void workspaceTokensAreCappedPerWorkspace() {
        Api.Session owner = api.newUser();
        Api.Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        String tokens = Api.workspace(ws) + "/tokens";
        List<Reply> made = fill("workspace-tokens-per-workspace", 0, () -> api.post(tokens, owner.token(),
                body("name", Api.unique("ci"), "grant", Map.of("projects", Map.of(project, "DEVELOPER")))));
        assertCapReached("workspace-tokens-per-workspace",
                api.post(tokens + "/" + made.get(0).string("id") + "/copy", owner.token(), Map.of()));
    }

    @Test
    void serviceUsersAndTheirTokensAreCappedPerWorkspace() {
        Api.Session owner = api.newUser();
        Api.Workspace ws = api.createWorkspace(owner);
        String serviceUsers = Api.workspace(ws) + "/service-users";
        List<Reply> users = fill("service-users-per-workspace", 0,
                () -> api.post(serviceUsers, owner.token(), body("firstName", "Deploy", "lastName", "Bot")));
        // the workspace's cap counts the tokens of all its service users together
        List<String> ids = users.stream().map(u -> u.string("id")).toList();
        int[] next = {0};
        fill("service-tokens-per-workspace", 0, () -> api.post(
                "/api/users/service/" + ids.get(next[0]++ % ids.size()) + "/personal-access-tokens", owner.token(),
                body("note", "deploy", "permissions", List.of("releases:deploy"), "allProjects", true)));
    }

    @Test
    void projectsAndMembersAreCappedPerWorkspace() {
        Api.Session owner = api.newUser();
        Api.Workspace ws = api.createWorkspace(owner);
        fill("projects-per-workspace", 0, () -> api.post(Api.projects(ws), owner.token(),
                body("key", Api.unique("p"), "name", "Web", "protected", false)));
        // the owner is the first member
        fill("members-per-workspace", 1, () -> api.addMember(owner, ws, api.newUser(), "MEMBER", null));
    }

    @Test
    void parallelCreatesAtTheCapDoNotAllPass() throws Exception {
        Api.Session ann = api.newUser();
        for (int i = 0; i < CAP - 1; i++) {
            expect(201, newPat(ann));
        }
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Reply>> answers = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return newPat(ann);
                }));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Reply> answer : answers) {
                Reply reply = answer.get();
                if (reply.status() == 201) {
                    created++;
                } else {
                    assertCapReached("personal-tokens-per-user", reply);
                    refused++;
                }
            }
            assertEquals(1, created, "exactly one create fits under the cap");
            assertEquals(parallel - 1, refused);
        } finally {
            pool.shutdownNow();
        }
        Reply active = expect(200, api.get("/api/user/personal-access-tokens?state=active&limit=100", ann.token()));
        assertEquals(CAP, active.items().size());
    }
}
