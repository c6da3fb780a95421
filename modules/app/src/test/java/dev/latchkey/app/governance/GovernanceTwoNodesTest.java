package dev.latchkey.app.governance;

import dev.latchkey.app.support.TwoNodesTestBase;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Governance decisions reach the other node within a second through the invalidation journal,
 * with a cache TTL far above that: a PAT cut off from a workspace on node A stops reaching it on
 * node B, and an approval on A lets the pending token work on B.
 */
class GovernanceTwoNodesTest extends TwoNodesTestBase {
    @Test
    void aCutOffAndAnApprovalOnOneNodeReachTheOtherWithinASecond() throws Exception {
        String owner = signUpAndLogin(a, "gov-a-" + UUID.randomUUID() + "@example.com");
        String memberEmail = "gov-b-" + UUID.randomUUID() + "@example.com";
        String member = signUpAndLogin(a, memberEmail);
        String slug = "gov2-" + UUID.randomUUID().toString().substring(0, 8);
        a.exchange(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", "Two")).bearerAuth(owner));
        a.exchange(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", memberEmail, "role", "MEMBER"))
                .bearerAuth(owner));
        Map<String, Object> free = json(a, HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "free", "scopes", List.of("workspace:read"))).bearerAuth(member));
        String freeToken = (String) free.get("token");
        assertEquals(200, status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(freeToken)), "cached on B");

        Instant cut = Instant.now();
        json(a, HttpRequest.POST("/api/workspaces/" + slug + "/credentials/revoke", Map.of("ids", List.of(free.get("id"))))
                .bearerAuth(owner));
        until(cut, 404, () -> status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(freeToken)));

        a.exchange(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy",
                Map.of("requireApprovalForPersonalTokens", true)).bearerAuth(owner));
        Map<String, Object> limited = json(a, HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "limited", "scopes", List.of("workspace:read"), "workspace", slug)).bearerAuth(member));
        String limitedToken = (String) limited.get("token");
        assertEquals(403, status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(limitedToken)), "pending, cached on B");
        Instant approved = Instant.now();
        json(a, HttpRequest.POST("/api/workspaces/" + slug + "/token-requests/" + limited.get("id") + "/approve", Map.of())
                .bearerAuth(owner));
        until(approved, 200, () -> status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(limitedToken)));
    }
}
