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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, "every API feature reachable": the personal audit log (GET /api/user/audit-events)
 * and renaming a workspace (PATCH /api/workspaces/{ws}) from the dashboard.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardReachBrowserTest extends BrowserTestBase {
    private ApiPeople people;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        // a use shows up within a second; loopback is the proxy, so X-Forwarded-For is the client
        p.put("latchkey.tokens.last-used-flush", "500ms");
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        return p;
    }

    @BeforeAll
    void people() {
        people = new ApiPeople(http, browser);
    }

    @Test
    void yourActivityShowsYourOwnEventsWithNames() {
        ApiPeople.Person ann = people.signUp("activity");
        Map<String, Object> pat = people.json(HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "laptop-cli", "scopes", List.of("projects:read"), "expiration", "7d")), ann);
        assertEquals(204, people.status(HttpRequest.DELETE("/api/user/personal-access-tokens/" + pat.get("id")), ann.jwt()));

        people.asPerson(ann, "#/tokens");
        browser.click("#nav-activity");
        browser.find("#my-audit #audit-table");
        browser.waitForText("#audit-table", "token.revoked");
        String revoked = browser.find(".audit-row[data-action='token.revoked']").getText();
        // the target named and kinded, the actor is the person, not raw ids
        assertTrue(revoked.contains("laptop-cli") && revoked.contains("personal token"), revoked);
        assertTrue(revoked.contains("you"), revoked);
        assertTrue(browser.find(".audit-row[data-action='token.revoked'] time").getAttribute("title").length() > 0,
                "the exact time on hover");
        browser.screenshot("your-activity");

        // the filter is the workspace trail's: an action with nothing recorded says so
        browser.type("#audit-action", "member.added");
        browser.click("#audit-filters button[type=submit]");
        browser.waitForText("#audit-results", "No member.added events");
    }

    @Test
    void anOwnerRenamesTheWorkspaceAndATakenSlugIsRefusedInTheDialog() {
        ApiPeople.Person ann = people.signUp("rename");
        String slug = people.workspace(ann, "Acme");
        String other = people.workspace(ann, "Other");
        people.asPerson(ann, "#/w/" + slug + "/projects");
        browser.click("#ws-rename");
        browser.type("#ws-rename-slug", other);
        browser.click("#ws-rename-save");
        browser.waitForText("#ws-rename-dialog .alert", "taken");

        browser.type("#ws-rename-name", "Acme Renamed");
        browser.type("#ws-rename-slug", slug + "-new");
        browser.click("#ws-rename-save");
        browser.waitForText("#toast", "Workspace renamed");
        browser.waitForText(".page-head h1", "Acme Renamed");
        browser.waitFor().until(d -> d.getCurrentUrl().endsWith("#/w/" + slug + "-new/projects"));
        Map<String, Object> ws = people.json(HttpRequest.GET("/api/workspaces/" + slug + "-new"), ann);
        assertEquals("Acme Renamed", ws.get("name"));
    }

    @Test
    void aMemberIsNotOfferedTheRename() {
        ApiPeople.Person ann = people.signUp("owner");
        ApiPeople.Person bob = people.signUp("member");
        String slug = people.workspace(ann, "Shared");
        people.json(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", bob.email(), "role", "MEMBER")), ann);
        people.asPerson(bob, "#/w/" + slug + "/projects");
        browser.find("#tab-projects");
        browser.waitForText(".page-head h1", "Shared");
        assertTrue(browser.driver.findElements(By.id("ws-rename")).isEmpty(), "the API would refuse a MEMBER");
        assertEquals(403, people.status(HttpRequest.PATCH("/api/workspaces/" + slug, Map.of("name", "Mine")), bob.jwt()));
    }

    @Test
    void aServiceTokenRowSaysWhereItWasLastUsedFrom() {
        ApiPeople.Person owner = people.signUp("sutip");
        String slug = people.workspace(owner, "Sutip");
        String bot = people.serviceUser(owner, slug);
        String tokens = "/api/users/service/" + bot + "/personal-access-tokens";
        Map<String, Object> issued = people.json(HttpRequest.POST(tokens, Map.of("name", "deployer",
                "permissions", List.of("projects:read"), "allProjects", true)), owner);
        people.status(HttpRequest.GET("/api/workspaces/" + slug + "/projects").header("X-Forwarded-For", "203.0.113.7"),
                (String) issued.get("token"));
        browser.waitFor().until(d -> people.json(HttpRequest.GET(tokens), owner).toString().contains("203.0.113.7"));

        people.asPerson(owner, "#/w/" + slug + "/service-users");
        String cell = "article.service-user[data-user-id='" + bot + "'] tr.sut-row td[data-label='Last used']";
        browser.waitForText(cell, "from 203.0.113.7");

        // and the row is editable like the other kinds' (PATCH …/personal-access-tokens/{id})
        browser.click("article.service-user[data-user-id='" + bot + "'] tr.sut-row button[data-action='edit']");
        browser.type("#token-edit-name", "release-deployer");
        browser.click("#token-edit-save");
        browser.waitForText("article.service-user[data-user-id='" + bot + "'] tr.sut-row td[data-label='Name']", "release-deployer");
        assertEquals("release-deployer", people.json(HttpRequest.GET(tokens + "/" + issued.get("id")), owner).get("name"));
    }
}
