package dev.latchkey.app.dashboard;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.core.type.Argument;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue #22, "every API feature reachable": bulk revoke of workspace tokens and of a service user's
 * tokens (the same control as the personal tokens), and the person's own permissions per workspace
 * (GET /api/user/permissions) on the Account page.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBulkRevokeAndPermissionsBrowserTest extends BrowserTestBase {

    @Test
    void workspaceTokensAreRevokedTogetherFromTheirCheckboxes() {
        signUpAndLogIn("wsbulk");
        String slug = createWorkspace("Bulk");
        String base = "/api/workspaces/" + slug + "/tokens";
        for (String name : List.of("ci-one", "ci-two", "ci-kept")) {
            confirmed(base, Map.of("name", name, "expiration", "7d", "grant", Map.of("allProjects", "TESTER")));
        }
        browser.route("#/w/" + slug + "/tokens");
        for (String name : List.of("ci-one", "ci-two")) {
            browser.click("tr.wst-row[data-token-name='" + name + "'] input.wst-select");
        }
        browser.waitForText("#wst-bulk-revoke", "(2)");
        browser.click("#wst-bulk-revoke");
        browser.click("#confirm-yes");
        browser.waitForText("#toast", "2 token(s) revoked");
        Map<String, String> status = items(getJson(base, sessionToken())).stream()
                .collect(Collectors.toMap(t -> (String) t.get("name"), t -> String.valueOf(t.get("status"))));
        assertEquals(Map.of("ci-one", "revoked", "ci-two", "revoked", "ci-kept", "active"), status);
    }

    @Test
    void aServiceUsersTokensAreRevokedTogetherFromTheirCheckboxes() {
        signUpAndLogIn("subulk");
        String slug = createWorkspace("Robots");
        Map<String, Object> bot = confirmed("/api/workspaces/" + slug + "/service-users",
                Map.of("firstName", "Deploy", "lastName", "Bot"));
        String base = "/api/users/service/" + bot.get("id") + "/personal-access-tokens";
        for (String note : List.of("one", "two")) {
            confirmed(base, Map.of("note", note, "permissions", List.of("releases:deploy"), "allProjects", true));
        }
        browser.route("#/w/" + slug + "/service-users");
        String prefix = "sut-" + bot.get("id");
        browser.find("." + prefix + "-select");
        browser.click("#" + prefix + "-select-all");
        browser.waitForText("#" + prefix + "-bulk-revoke", "(2)");
        browser.click("#" + prefix + "-bulk-revoke");
        browser.click("#confirm-yes");
        browser.waitForText("#toast", "2 token(s) revoked");
        List<String> states = items(getJson(base, sessionToken())).stream().map(t -> String.valueOf(t.get("status"))).toList();
        assertEquals(List.of("revoked", "revoked"), states);
    }

    @Test
    void theAccountPageListsWhatThePersonHoldsPerWorkspace() {
        signUpAndLogIn("perms");
        String slug = createWorkspace("Mine");
        Map<String, Object> ws = getJson("/api/workspaces/" + slug, sessionToken());
        @SuppressWarnings("unchecked")
        Set<String> held = Set.copyOf((List<String>) getJson("/api/user/permissions?workspace=" + slug, sessionToken())
                .get("permissions"));
        assertFalse(held.isEmpty(), "an owner holds something");
        browser.route("#/account");
        WebElement section = browser.find("#account-permissions .perm-workspace");
        assertEquals(ws.get("name"), section.findElement(By.tagName("h3")).getText());
        Set<String> shown = section.findElements(By.cssSelector("dd code")).stream().map(WebElement::getText)
                .collect(Collectors.toSet());
        assertEquals(held, shown);
        // grouped by what they are about: one heading per area
        Set<String> areas = held.stream().map(p -> p.split(":")[0]).collect(Collectors.toSet());
        assertEquals(areas, section.findElements(By.tagName("dt")).stream().map(WebElement::getText)
                .collect(Collectors.toSet()));
    }

    private Map<String, Object> confirmed(String path, Object body) {
        return http.toBlocking().retrieve(HttpRequest.POST(path, body)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + sessionToken())
                .header("X-Confirm-Password", PASSWORD), Argument.mapOf(String.class, Object.class));
    }
}
