package dev.latchkey.app.dashboard;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, last gaps: service tokens get the state filter, Edit and Duplicate settings of the
 * other kinds; every state filter offers the tokens the API refuses although they are live
 * (effectiveState); the inventory's checkbox column has a header with a name.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardStateFilterBrowserTest extends BrowserTestBase {
    private ApiPeople people;

    @BeforeAll
    void people() {
        people = new ApiPeople(http, browser);
    }

    /** The texts of {@code css}, sorted: the order of a list is another test's. */
    private List<String> sortedTexts(String css) {
        return texts(css).stream().sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(t -> (String) t.get("name")).sorted().toList();
    }

    private void showState(String selectCss, String rowsCss, String state, List<String> expected) {
        browser.choose(selectCss, state);
        browser.waitFor().until(d -> sortedTexts(rowsCss).equals(expected));
    }

    @Test
    void serviceTokensHaveTheStateFilterEditAndDuplicate() {
        ApiPeople.Person owner = people.signUp("sutfilter");
        String slug = people.workspace(owner, "Sutf");
        String bot = people.serviceUser(owner, slug);
        String tokens = "/api/users/service/" + bot + "/personal-access-tokens";
        for (String name : List.of("live", "gone")) {
            people.json(HttpRequest.POST(tokens, Map.of("name", name, "permissions", List.of("projects:read"),
                    "allProjects", true, "expiration", "7d")), owner);
        }
        String gone = idOf(tokens, owner, "gone");
        people.status(HttpRequest.DELETE(tokens + "/" + gone), owner.jwt());

        people.asPerson(owner, "#/w/" + slug + "/service-users");
        String card = "article.service-user[data-user-id='" + bot + "']";
        String rows = card + " tr.sut-row td[data-label='Name'] strong";
        String filter = card + " select[name='state']";
        // the default: active and expired, the revoked one under its own entry
        browser.waitFor().until(d -> sortedTexts(rows).equals(List.of("live")));
        assertEquals("current", browser.find(filter).getAttribute("value"));
        showState(filter, rows, "revoked", List.of("gone"));
        browser.choose(filter, "expired");
        browser.waitFor().until(d -> sortedTexts(card + " p.empty").equals(List.of("No expired tokens.")));
        showState(filter, rows, "current", List.of("live"));

        // Edit: a PATCH of the shared token controller, read back from the API
        clickButton(card + " tr.sut-row", "Edit");
        browser.find("#token-edit-name").clear();
        browser.type("#token-edit-name", "live-renamed");
        browser.click("#token-edit-save");
        browser.waitFor().until(d -> names(people.json(HttpRequest.GET(tokens + "?state=active"), owner)).equals(List.of("live-renamed")));

        // Duplicate settings: a new token with the same permissions, shown once
        browser.waitFor().until(d -> sortedTexts(rows).equals(List.of("live-renamed")));
        clickButton(card + " tr.sut-row", "Duplicate settings");
        browser.click("#duplicate-submit");
        closeTokenDialogAfterCopy();
        browser.waitFor().until(d -> names(people.json(HttpRequest.GET(tokens + "?state=active"), owner))
                .equals(List.of("live-renamed", "live-renamed (copy)")));
        browser.screenshot("service-tokens-state-filter");
    }

    @SuppressWarnings("unchecked")
    private String idOf(String tokens, ApiPeople.Person owner, String name) {
        return ((List<Map<String, Object>>) people.json(HttpRequest.GET(tokens), owner).get("items")).stream()
                .filter(t -> name.equals(t.get("name"))).map(t -> (String) t.get("id")).findFirst().orElseThrow();
    }

    @Test
    void theStateFilterListsTheTokensTheApiRefusesAlthoughLive() {
        ApiPeople.Person owner = people.signUp("refused");
        String slug = people.workspace(owner, "Refused");
        String base = "/api/workspaces/" + slug + "/tokens";
        people.json(HttpRequest.POST(base, Map.of("name", "forever", "grant", Map.of("allProjects", "TESTER"), "expiration", "never")), owner);
        people.json(HttpRequest.POST(base, Map.of("name", "fine", "grant", Map.of("allProjects", "TESTER"), "expiration", "7d")), owner);
        // the policy now refuses the token that never expires
        people.json(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy", Map.of("maxLifetimeDays", 30)), owner);

        people.asPerson(owner, "#/w/" + slug + "/tokens");
        String rows = "tr.wst-row td[data-label='Name'] strong";
        browser.waitFor().until(d -> sortedTexts(rows).equals(List.of("fine", "forever")));
        List<String> offered = sortedTexts("#wst-state option");
        assertTrue(offered.contains("Refused (policy / inactive owner / approval)"), offered.toString());
        showState("#wst-state", rows, "refused", List.of("forever"));
        assertEquals("policy_denied", browser.find("tr.wst-row [data-status]").getAttribute("data-status"));
        browser.screenshot("workspace-tokens-refused-filter");

        // a suspended service user's token is refused too, in its card's filter
        String bot = people.serviceUser(owner, slug);
        String tokens = "/api/users/service/" + bot + "/personal-access-tokens";
        people.json(HttpRequest.POST(tokens, Map.of("name", "deploy", "permissions", List.of("projects:read"),
                "allProjects", true, "expiration", "7d")), owner);
        people.json(HttpRequest.PATCH("/api/workspaces/" + slug + "/service-users/" + bot, Map.of("status", "SUSPENDED")), owner);
        browser.route("#/w/" + slug + "/service-users");
        String card = "article.service-user[data-user-id='" + bot + "']";
        browser.waitFor().until(d -> sortedTexts(card + " tr.sut-row td[data-label='Name'] strong").equals(List.of("deploy")));
        showState(card + " select[name='state']", card + " tr.sut-row td[data-label='Name'] strong", "refused", List.of("deploy"));
    }

    @Test
    void theInventoryCheckboxColumnHasAHeaderWithAName() {
        ApiPeople.Person owner = people.signUp("invhead");
        String slug = people.workspace(owner, "Invhead");
        people.json(HttpRequest.POST("/api/workspaces/" + slug + "/tokens", Map.of("name", "ci",
                "grant", Map.of("allProjects", "TESTER"), "expiration", "7d")), owner);
        people.asPerson(owner, "#/w/" + slug + "/credentials");
        browser.find("#cred-table tr.cred-row");
        Object names = browser.script("return [...document.querySelectorAll('#cred-table thead th')]"
                + ".map(function (th) { return th.textContent.trim(); });");
        assertEquals("Select", ((List<?>) names).get(0), "the checkbox column's header: " + names);
    }
}
