package dev.latchkey.app.dashboard;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Governance in the dashboard (issue #19), in headless chromium: an owner sets the governance
 * rules, approves a member's token from the queue, finds and revokes credentials in the
 * inventory (filters, the stale view); the member sees the approval state and the owner's note.
 * People and their tokens are made through the API; what is under test is done in the page.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceBrowserTest extends BrowserTestBase {

    @Test
    void anOwnerGovernsTheWorkspacesCredentialsAndTheMemberSeesTheDecision() {
        String ownerEmail = "gov-owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String owner = signUp(ownerEmail);
        String slug = "gov-" + UUID.randomUUID().toString().substring(0, 8);
        json(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", "Gov")), owner);
        String memberEmail = "gov-member-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String member = signUp(memberEmail);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", memberEmail, "role", "MEMBER")), owner);
        Map<String, Object> bot = json(HttpRequest.POST("/api/workspaces/" + slug + "/tokens",
                Map.of("name", "old bot", "grant", Map.of("allProjects", "TESTER"))), owner);

        // the policy form sets the governance rules
        asPerson(owner, "#/w/" + slug + "/policy");
        browser.click("#policy-require-approval");
        browser.type("#policy-unused-days", "365");
        browser.type("#policy-per-user", "3");
        browser.type("#policy-max-grace", "600");
        browser.click("#policy-save");
        browser.find("#toast.show");
        Map<String, Object> policy = json(HttpRequest.GET("/api/workspaces/" + slug + "/token-policy"), owner);
        assertEquals(true, policy.get("requireApprovalForPersonalTokens"));
        assertEquals(365, policy.get("revokeUnusedAfterDays"));
        assertEquals(3, policy.get("maxTokensPerUser"));
        assertEquals(600, policy.get("maxGraceSeconds"), "the form keeps the rotation grace too, so saving it never wipes it");

        // the member asks for two tokens limited to the workspace: both wait
        String wanted = (String) json(HttpRequest.POST("/api/user/personal-access-tokens", Map.of("name", "wanted",
                "scopes", List.of("workspace:read"), "workspace", slug)), member).get("token");
        json(HttpRequest.POST("/api/user/personal-access-tokens", Map.of("name", "unwanted",
                "scopes", List.of("workspace:read"), "workspace", slug)), member);
        assertEquals(403, status(HttpRequest.GET("/api/workspaces/" + slug), wanted));

        // the owner's queue: approve the first, deny the second with a note
        browser.route("#/w/" + slug + "/requests");
        browser.find("#requests-table");
        assertEquals(2, browser.driver.findElements(By.cssSelector("tr.request-row")).size());
        browser.screenshot("governance-requests");
        browser.click("tr.request-row:first-child .request-approve");
        browser.waitFor().until(d -> d.findElements(By.cssSelector("tr.request-row")).size() == 1);
        assertEquals(200, status(HttpRequest.GET("/api/workspaces/" + slug), wanted), "approved in the page: it works");
        browser.type("tr.request-row .request-note", "use the wanted one");
        browser.click("tr.request-row .request-deny");
        browser.find("#requests-list .empty");

        // the inventory: every kind listed, the stale view, a filter, and a bulk revoke
        browser.route("#/w/" + slug + "/credentials");
        browser.find("#cred-table");
        assertEquals(3, browser.driver.findElements(By.cssSelector("tr.cred-row")).size(), "two PATs and the workspace token");
        browser.screenshot("governance-credentials");
        browser.click("#cred-stale");
        browser.waitForText("#cred-total", "0 credential(s)");
        browser.choose("#cred-state", "");
        browser.type("#cred-unused", "0");
        browser.choose("#cred-kind", "workspace");
        browser.click("#cred-apply");
        browser.waitForText("#cred-total", "1 credential(s)");
        browser.click("tr.cred-row[data-kind='workspace'] .cred-select");
        browser.click("#cred-revoke");
        browser.click("#confirm-yes");
        browser.find("tr.cred-row[data-kind='workspace'] [data-status='revoked']");
        assertEquals(401, status(HttpRequest.GET("/api/workspaces/" + slug + "/projects"), (String) bot.get("token")));

        // the member's token list carries the approval badges and the owner's note
        asPerson(member, "#/tokens");
        browser.find("tr.pat-row[data-token-name='unwanted'] [data-approval='denied']");
        assertTrue(browser.find("tr.pat-row[data-token-name='unwanted'] .approval-note").getText().contains("use the wanted one"));
        browser.find("tr.pat-row[data-token-name='wanted'] [data-approval='approved']");
        browser.screenshot("governance-requester-badges");
    }

    private int status(MutableHttpRequest<?> request, String token) {
        try {
            return http.toBlocking().exchange(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }
}
