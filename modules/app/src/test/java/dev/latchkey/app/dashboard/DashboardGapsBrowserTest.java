package dev.latchkey.app.dashboard;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, items 6 and 7, in headless chromium: the words of the row actions, the confirmation
 * before a service user is suspended, and the dead ends a person hit (protected projects, workspace
 * tokens without Edit, Duplicate or a filter, service tokens without last use, no way to leave a
 * workspace, promoting a MEMBER with project roles). Set-up goes through the API; what is under test
 * is done in the page, and its effect is read back from the API.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardGapsBrowserTest extends BrowserTestBase {
    private ApiPeople people;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        // a service token's use shows up in its row within a second, not after the default minute
        p.put("latchkey.tokens.last-used-flush", "500ms");
        return p;
    }

    @BeforeAll
    void people() {
        people = new ApiPeople(http, browser);
    }

    // --- item 6: words ------------------------------------------------------------------------------

    @Test
    void theRowActionIsDuplicateSettingsAndCopyIsOnlyTheClipboard() {
        ApiPeople.Person ann = people.signUp("words");
        people.json(HttpRequest.POST("/api/user/personal-access-tokens", Map.of("name", "ci", "scopes", List.of("user:read"))), ann);
        people.asPerson(ann, "#/tokens");
        String row = "tr.pat-row[data-token-name='ci']";
        browser.find(row);
        List<String> actions = texts(row + " .row-actions button");
        assertTrue(actions.contains("Duplicate settings"), actions.toString());
        assertFalse(actions.contains("Copy"), "\"Copy\" on a row reads as copy-to-clipboard: " + actions);

        clickButton(row, "Duplicate settings");
        assertTrue(browser.find("#duplicate-dialog h2").getText().startsWith("Duplicate settings of"));
        browser.click("#duplicate-submit");
        assertEquals("Copy", browser.find("#copy-token").getText().trim(), "the shown-once dialog keeps Copy for the clipboard");
        closeTokenDialogAfterCopy();
        browser.find("tr.pat-row[data-token-name='ci (copy)']");
    }

    @Test
    void suspendingAServiceUserAsksFirst() {
        ApiPeople.Person owner = people.signUp("suspend");
        String slug = people.workspace(owner, "Suspend");
        String bot = people.serviceUser(owner, slug);
        people.asPerson(owner, "#/w/" + slug + "/service-users");
        String card = "article.service-user[data-user-id='" + bot + "']";

        clickButton(card, "Suspend");
        browser.find("#confirm-dialog");
        browser.screenshot("service-user-suspend-confirm");
        clickButton("#confirm-dialog", "Cancel");
        browser.waitGone("#confirm-dialog");
        assertEquals("ACTIVE", serviceUser(owner, slug, bot).get("status"), "cancelled: nothing changed");

        clickButton(card, "Suspend");
        browser.click("#confirm-yes");
        browser.waitFor().until(d -> "SUSPENDED".equals(serviceUser(owner, slug, bot).get("status")));
        clickButton(card, "Reactivate");
        browser.waitFor().until(d -> "ACTIVE".equals(serviceUser(owner, slug, bot).get("status")));
    }

    private Map<String, Object> serviceUser(ApiPeople.Person owner, String slug, String id) {
        return people.json(HttpRequest.GET("/api/workspaces/" + slug + "/service-users/" + id), owner);
    }

    // --- item 7: dead ends and gaps -----------------------------------------------------------------

    @Test
    void aProtectedProjectIsEditedAndUnprotectedInThePage() {
        ApiPeople.Person owner = people.signUp("protect");
        String slug = people.workspace(owner, "Protect");
        String project = (String) people.json(HttpRequest.POST("/api/workspaces/" + slug + "/projects",
                Map.of("key", "web", "name", "Web", "protected", true)), owner).get("id");
        people.asPerson(owner, "#/w/" + slug + "/projects");
        browser.click("#project-table tr[data-project-key='web'] button[data-action='edit-project']");
        browser.find("#project-edit-dialog");
        browser.type("#project-edit-name", "Web shop");
        browser.click("#project-edit-protected");
        browser.screenshot("project-edit");
        browser.click("#project-edit-save");
        browser.waitGone("#project-edit-dialog");
        Map<String, Object> saved = people.json(HttpRequest.GET("/api/workspaces/" + slug + "/projects/" + project), owner);
        assertEquals("Web shop", saved.get("name"));
        assertEquals(false, saved.get("protected"));
        browser.waitForText("#project-table tr[data-project-key='web']", "Web shop");
    }

    @Test
    void workspaceTokensHaveAFilterEditAndDuplicateSettings() {
        ApiPeople.Person owner = people.signUp("wstgaps");
        String slug = people.workspace(owner, "Wst");
        String base = "/api/workspaces/" + slug + "/tokens";
        people.json(HttpRequest.POST(base, Map.of("name", "alpha", "grant", Map.of("allProjects", "DEVELOPER"),
                "ipRestrictions", List.of("10.0.0.0/8"))), owner);
        String beta = (String) people.json(HttpRequest.POST(base, Map.of("name", "beta", "grant", Map.of("allProjects", "TESTER"))), owner).get("id");
        assertEquals(204, people.status(HttpRequest.DELETE(base + "/" + beta), owner.jwt()));

        people.asPerson(owner, "#/w/" + slug + "/tokens");
        browser.find("#wst-table");
        browser.choose("#wst-state", "revoked");
        browser.waitFor().until(d -> texts("#wst-table tr.wst-row").size() == 1
                && !d.findElements(By.cssSelector("tr.wst-row[data-token-name='beta']")).isEmpty());
        browser.choose("#wst-state", "active");
        browser.waitFor().until(d -> texts("#wst-table tr.wst-row").size() == 1
                && !d.findElements(By.cssSelector("tr.wst-row[data-token-name='alpha']")).isEmpty());

        browser.click("tr.wst-row[data-token-name='alpha'] button[data-action='edit']");
        browser.type("#token-edit-name", "alpha ci");
        browser.click("#token-edit-save");
        browser.find("tr.wst-row[data-token-name='alpha ci']");

        browser.click("tr.wst-row[data-token-name='alpha ci'] button[data-action='duplicate']");
        browser.type("#duplicate-name", "gamma");
        browser.click("#duplicate-submit");
        String gammaSecret = browser.find("#new-token").getText().trim();
        assertTrue(TOKEN_SHAPE.matcher(gammaSecret).matches());
        closeTokenDialogAfterCopy();
        browser.find("tr.wst-row[data-token-name='gamma']");
        Map<String, Object> gamma = items(people.json(HttpRequest.GET(base), owner)).stream()
                .filter(t -> "gamma".equals(t.get("name"))).findFirst().orElseThrow();
        assertEquals(Map.of("allProjects", "DEVELOPER"), nonNull(grantOf(gamma)), "the duplicate keeps the grant");
        assertEquals(List.of("10.0.0.0/8"), gamma.get("ipRestrictions"), "and the IP restrictions");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> grantOf(Map<String, Object> token) {
        return (Map<String, Object>) token.get("grant");
    }

    @Test
    void serviceTokensShowTheirNameAndLastUse() {
        ApiPeople.Person owner = people.signUp("sutuse");
        String slug = people.workspace(owner, "Sut");
        String bot = people.serviceUser(owner, slug);
        String tokens = "/api/users/service/" + bot + "/personal-access-tokens";
        Map<String, Object> issued = people.json(HttpRequest.POST(tokens, Map.of("name", "deployer", "note", "for the release job",
                "permissions", List.of("projects:read"), "allProjects", true)), owner);
        people.status(HttpRequest.GET("/api/workspaces/" + slug + "/projects"), (String) issued.get("token"));
        browser.waitFor().until(d -> people.json(HttpRequest.GET(tokens + "/" + issued.get("id")), owner).get("lastUsedAt") != null);

        people.asPerson(owner, "#/w/" + slug + "/service-users");
        String card = "article.service-user[data-user-id='" + bot + "']";
        browser.find(card + " tr.sut-row");
        List<String> headers = texts(card + " th");
        assertTrue(headers.contains("Name") && headers.contains("Last used"), headers.toString());
        assertFalse(headers.contains("Note"), headers.toString());
        String name = browser.find(card + " tr.sut-row td[data-label='Name']").getText();
        assertTrue(name.contains("deployer") && name.contains("for the release job"), name);
        String lastUsed = browser.find(card + " tr.sut-row td[data-label='Last used']").getText();
        assertNotEquals("Never", lastUsed);
        assertFalse(lastUsed.isBlank());
    }

    @Test
    void aMemberLeavesTheWorkspaceAndTheLastOwnerIsToldWhyNot() {
        ApiPeople.Person owner = people.signUp("leaveowner");
        String slug = people.workspace(owner, "Leave");
        ApiPeople.Person bob = people.signUp("leaver");
        people.json(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", bob.email(), "role", "MEMBER")), owner);

        people.asPerson(bob, "#/w/" + slug + "/members");
        browser.click("#leave-workspace");
        browser.find("#confirm-dialog");
        browser.screenshot("leave-workspace");
        browser.click("#confirm-yes");
        browser.find("#ws-form");
        assertTrue(browser.driver.findElements(By.cssSelector("a.ws-link[data-slug='" + slug + "']")).isEmpty());
        assertEquals(404, people.status(HttpRequest.GET("/api/workspaces/" + slug), bob.jwt()));

        people.asPerson(owner, "#/w/" + slug + "/members");
        browser.click("#leave-workspace");
        browser.click("#confirm-yes");
        browser.waitForText("#panel-members .alert", "at least one OWNER");
        assertEquals(200, people.status(HttpRequest.GET("/api/workspaces/" + slug), owner.jwt()));
    }

    @Test
    void promotingAMemberWithProjectRolesToAdminClearsThemWithANotice() {
        ApiPeople.Person owner = people.signUp("promote");
        String slug = people.workspace(owner, "Promote");
        String project = (String) people.json(HttpRequest.POST("/api/workspaces/" + slug + "/projects",
                Map.of("key", "api", "name", "API")), owner).get("id");
        ApiPeople.Person bob = people.signUp("promoted");
        String bobId = (String) people.json(HttpRequest.POST("/api/workspaces/" + slug + "/members",
                Map.of("email", bob.email(), "role", "MEMBER", "projectRoles", Map.of(project, "TESTER"))), owner).get("userId");

        people.asPerson(owner, "#/w/" + slug + "/members");
        clickButton("#member-table tr[data-user-id='" + bobId + "']", "Edit roles");
        browser.choose("#member-dialog select:not([data-project-id])", "ADMIN");
        browser.click("#member-dialog .actions button.primary");
        browser.waitForText("#toast", "Project roles cleared");
        browser.waitGone("#member-dialog");
        Map<String, Object> row = items(people.json(HttpRequest.GET("/api/workspaces/" + slug + "/members"), owner)).stream()
                .filter(m -> bobId.equals(m.get("userId"))).findFirst().orElseThrow();
        assertEquals("ADMIN", row.get("role"));
        assertEquals(Map.of(), row.get("projectRoles"));
    }
}
