package dev.latchkey.app.dashboard;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, item 8: lists a person can read at a glance. The audit trail names people, tokens
 * and projects (with links) instead of ids; times read relative with the exact one on hover;
 * tokens that expire soon or never are flagged; live tokens come first and revoked ones have
 * their own filter; IP restrictions show in the list; an empty list says which filter emptied it.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardReadingBrowserTest extends BrowserTestBase {
    private static final String PATS = "/api/user/personal-access-tokens";

    @Test
    void theAuditTrailNamesPeopleTokensAndProjectsAndLinksToThem() {
        signUpAndLogIn("reader");
        String slug = createWorkspace("Readers");
        createProject("web", "Web");
        String session = sessionToken();
        String projectId = (String) items(getJson("/api/workspaces/" + slug + "/projects", session)).get(0).get("id");
        Map<String, Object> token = postJson("/api/workspaces/" + slug + "/tokens",
                Map.of("name", "deploy-bot", "expiration", "30d", "grant", Map.of("allProjects", "DEVELOPER")), session);
        String bob = "bob-" + slug + "@example.com";
        postJson("/api/signup", Map.of("email", bob, "firstName", "Bob", "lastName", "Stone", "password", PASSWORD), session);
        postJson("/api/workspaces/" + slug + "/members", Map.of("email", bob, "role", "MEMBER",
                "projectRoles", Map.of(projectId, "TESTER")), session);

        browser.route("#/w/" + slug + "/audit");
        WebElement created = browser.find("#audit-table tr[data-action='token.created']");
        String target = created.findElement(By.cssSelector("td[data-label='Target']")).getText();
        assertTrue(target.contains("deploy-bot") && target.contains("workspace token"), "the token by name and kind: " + target);
        assertFalse(target.contains((String) token.get("id")), "no raw token id on screen: " + target);
        assertTrue(created.findElement(By.cssSelector("td[data-label='Actor']")).getText().contains("Ann Lee"));
        assertTrue(created.findElement(By.cssSelector("td[data-label='Target'] a")).getAttribute("href")
                .endsWith("#/w/" + slug + "/tokens"), "the token links to the tab that lists it");

        // the member's roles name the project, linked, instead of its id
        WebElement added = browser.find("#audit-table tr[data-action='member.added']");
        assertTrue(added.findElement(By.cssSelector("td[data-label='Target']")).getText().contains("Bob Stone"));
        WebElement details = added.findElement(By.cssSelector("td[data-label='Details']"));
        assertTrue(details.getText().contains("Web"), details.getText());
        assertFalse(details.getText().contains(projectId), "no raw project id: " + details.getText());
        assertTrue(details.findElement(By.cssSelector("a")).getAttribute("href").endsWith("#/w/" + slug + "/projects"));

        // the time reads relative, the exact one is on hover
        WebElement time = created.findElement(By.cssSelector("td[data-label='When'] time"));
        assertTrue(time.getText().matches("just now|\\d+ minutes? ago"), time.getText());
        assertTrue(time.getAttribute("title").contains(String.valueOf(java.time.Year.now().getValue())), time.getAttribute("title"));
        browser.screenshot("audit-trail-names");

        // a filter that finds nothing says so, in its own words
        browser.type("#audit-action", "token.revoked_as_leaked");
        browser.click("#audit-filters button[type='submit']");
        browser.waitForText("#audit-results .empty", "No token.revoked_as_leaked events");
    }

    @Test
    void personalTokensReadRelativeFlagExpiryShowIpsAndKeepRevokedOnesInTheirOwnFilter() {
        signUpAndLogIn("lister");
        String session = sessionToken();
        Instant now = Instant.now();
        // made in this order, so the API (newest first) lists the revoked one above the others
        pat(session, Map.of("name", "forever", "scopes", List.of("user:read"), "expiration", "never"));
        pat(session, Map.of("name", "soon", "scopes", List.of("user:read"),
                "expiresAt", now.plus(Duration.ofDays(3)).plus(Duration.ofHours(2)).toString()));
        pat(session, Map.of("name", "office", "scopes", List.of("user:read"), "expiration", "90d",
                "ipRestrictions", List.of("10.0.0.0/8", "2001:db8::/32")));
        Map<String, Object> gone = pat(session, Map.of("name", "gone", "scopes", List.of("user:read"), "expiration", "7d"));
        postJson(PATS + "/revoke", Map.of("ids", List.of(gone.get("id"))), session);

        browser.route("#/workspaces");
        browser.find("#ws-form");
        browser.route("#/tokens");
        WebElement soon = browser.find("tr.pat-row[data-token-name='soon']");
        WebElement expires = soon.findElement(By.cssSelector("td[data-label='Expires']"));
        assertTrue(expires.getText().contains("in 3 days"), expires.getText());
        assertEquals(1, expires.findElements(By.cssSelector("[data-expiry='soon']")).size(), "flagged as expiring soon");
        String exact = expires.findElement(By.cssSelector("time")).getAttribute("title");
        assertTrue(exact.contains(String.valueOf(now.plus(Duration.ofDays(3)).atZone(java.time.ZoneOffset.UTC).getYear())), exact);
        assertEquals(1, browser.find("tr.pat-row[data-token-name='forever']")
                .findElements(By.cssSelector("td[data-label='Expires'] [data-expiry='never']")).size(), "flagged as never expiring");
        assertEquals(0, browser.find("tr.pat-row[data-token-name='office']")
                .findElements(By.cssSelector("[data-expiry]")).size(), "a token with 90 days left is not flagged");
        assertTrue(browser.find("tr.pat-row[data-token-name='office'] td[data-label='Name']").getText()
                .contains("Only from 10.0.0.0/8, 2001:db8::/32"), "the IP restriction is shown in the list");
        assertTrue(browser.find("tr.pat-row[data-token-name='forever'] td[data-label='Last used']").getText().contains("Never"));

        // the default list leaves the revoked token out; it has its own filter
        assertTrue(browser.driver.findElements(By.cssSelector("tr.pat-row[data-token-name='gone']")).isEmpty(),
                "a revoked token is not mixed into the default list");
        browser.screenshot("pat-list-reading");
        browser.choose("#pat-state", "revoked");
        browser.find("tr.pat-row[data-token-name='gone'] [data-status='revoked']");
        assertEquals(1, browser.driver.findElements(By.cssSelector("tr.pat-row")).size());

        // all of them: live tokens first, the revoked one (the newest) last
        browser.choose("#pat-state", "all");
        browser.waitFor().until(d -> d.findElements(By.cssSelector("tr.pat-row")).size() == 4);
        List<String> order = browser.driver.findElements(By.cssSelector("tr.pat-row")).stream()
                .map(r -> r.getAttribute("data-token-name")).toList();
        assertEquals("gone", order.get(order.size() - 1), "revoked last: " + order);

        // an empty filter says what is empty
        browser.choose("#pat-state", "expired");
        browser.waitForText("#pat-list .empty", "No expired tokens.");
    }

    @Test
    void workspaceTokensReadRelativeAndShowTheirIpRestriction() {
        signUpAndLogIn("wsreader");
        String slug = createWorkspace("Relative");
        postJson("/api/workspaces/" + slug + "/tokens", Map.of("name", "ci", "expiration", "7d",
                "grant", Map.of("allProjects", "TESTER"), "ipRestrictions", List.of("192.0.2.0/24")), sessionToken());
        browser.route("#/w/" + slug + "/tokens");
        WebElement row = browser.find("tr.wst-row[data-token-name='ci']");
        String expires = row.findElement(By.cssSelector("td[data-label='Expires']")).getText();
        assertTrue(expires.contains("in 7 days") || expires.contains("in 1 week"), expires);
        assertTrue(row.findElement(By.cssSelector("td[data-label='Name']")).getText().contains("Only from 192.0.2.0/24"));
        browser.screenshot("workspace-tokens-reading");
    }

    private Map<String, Object> pat(String session, Map<String, Object> body) {
        return postJson(PATS, body, session);
    }
}
