package dev.latchkey.app.dashboard;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token forms in step with the API (issue #22, items 3 to 5), in headless chromium: an error is
 * shown at its field, in sight and described; expiry choices follow the workspace policy; a token
 * the API refuses at use shows why instead of "active"; the permission pickers show every group,
 * offer a service token only what it can carry, and tell a member which scopes it does not hold.
 * People, workspaces and the tokens to look at are made through the API; what is under test is the page.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardFormsBrowserTest extends BrowserTestBase {

    @Test
    void anErrorIsShownAtItsFieldInSightDescribedAndClearedWhenCorrected() {
        String owner = person("forms-err");
        String slug = workspace(owner);
        asPerson(owner, "#/tokens");
        browser.click("#pat-new");
        browser.type("#pat-name", "deploy");

        // the page's own check: no scope picked -> at the picker, not at the top of the long form
        browser.click("#pat-submit");
        WebElement scopeError = browser.find("#pat-form fieldset.permissions .field-error[data-field='scopes']");
        assertTrue(scopeError.getText().contains("Pick at least one scope"), scopeError.getText());
        WebElement firstBox = browser.find("#pat-form fieldset.permissions input[type='checkbox'][name='scope']");
        assertEquals("true", firstBox.getAttribute("aria-invalid"));
        assertTrue(firstBox.getAttribute("aria-describedby").contains(scopeError.getAttribute("id")));
        assertEquals(firstBox, browser.driver.switchTo().activeElement(), "the first invalid field has the focus");
        assertTrue(inView(scopeError), "the message is on screen");
        assertFalse(browser.find("#pat-form").findElements(By.cssSelector(".alert")).get(0).isDisplayed(),
                "not also at the top");
        browser.screenshot("pat-form-field-error");

        // corrected: the mark goes at once
        browser.click("#pat-form input[name='scope'][value='projects:read']");
        assertEquals(0, browser.driver.findElements(By.cssSelector("#pat-form .field-error")).size());
        assertEquals(null, firstBox.getAttribute("aria-invalid"));

        // the API's refusal names its field (ipRestrictions): shown there, focused, in sight
        browser.type("#pat-form textarea[name='pat-ip']", "not-an-address");
        browser.click("#pat-submit");
        WebElement ipError = browser.find("#pat-form .field-error[data-field='ipRestrictions']");
        WebElement ips = browser.find("#pat-form textarea[name='pat-ip']");
        assertEquals("true", ips.getAttribute("aria-invalid"));
        assertTrue(ips.getAttribute("aria-describedby").contains(ipError.getAttribute("id")));
        assertEquals(ips, browser.driver.switchTo().activeElement());
        assertTrue(inView(ipError));

        // the same mechanism in another form: a workspace token refused by the policy names the expiry
        json(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy", Map.of("requireExpiry", true)), owner);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/projects", Map.of("key", "web", "name", "Web")), owner);
        browser.route("#/w/" + slug + "/tokens");
        browser.find("#wst-form .expiry-policy");
        browser.type("#wst-name", "bot");
        // the page offers no "never" any more (item 4); a caller the page does not guard still meets the API's answer
        browser.script("var s = document.getElementById(arguments[0]); s.querySelector('option[value=never]').disabled = false;"
                + " s.value = 'never';", expirySelectId("#wst-form"));
        browser.click("#wst-submit");
        WebElement expiryError = browser.find("#wst-form .field-error[data-field='expiration']");
        assertTrue(expiryError.getText().contains("requires an expiry"), expiryError.getText());
        assertEquals("true", browser.find("#wst-form [data-field~='expiration'] select").getAttribute("aria-invalid"));
        assertTrue(inView(expiryError));

        // and in a dialog: a service token for no project
        json(HttpRequest.POST("/api/workspaces/" + slug + "/service-users", Map.of("firstName", "Deploy", "lastName", "Bot")), owner);
        browser.route("#/w/" + slug + "/service-users");
        browser.click("button[data-action='new-service-token']");
        browser.click("#sut-some");
        browser.click("#service-token-dialog button[data-preset='read-only']");
        browser.click("#sut-submit");
        WebElement projectsError = browser.find("#service-token-dialog .field-error[data-field='projects']");
        assertTrue(inView(projectsError));
        assertEquals("true", browser.find("#sut-projects input[type='checkbox']").getAttribute("aria-invalid"));
    }

    @Test
    void expiryChoicesFollowTheWorkspacePolicyInEveryTokenFormAndSayWhy() {
        String owner = person("forms-policy");
        String slug = workspace(owner);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/tokens", Map.of("name", "bot",
                "grant", Map.of("allProjects", "TESTER"), "expiration", "7d")), owner);
        json(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy", Map.of("maxLifetimeDays", 30)), owner);

        asPerson(owner, "#/w/" + slug + "/tokens");
        browser.find("#wst-form");
        assertOffered("#wst-form", List.of("7d", "30d", "custom"), List.of("60d", "90d", "never"));
        assertTrue(browser.find("#wst-form .expiry-policy").getText().contains("30 days"));
        browser.screenshot("workspace-token-expiry-policy");

        browser.click("tr.wst-row[data-token-name='bot'] button.small:not([data-action])");
        browser.find("#regenerate-dialog .expiry-policy");
        assertOffered("#regenerate-dialog", List.of("7d", "30d"), List.of("60d", "90d", "never"));
        cancel("#regenerate-dialog");

        browser.click("tr.wst-row[data-token-name='bot'] button[data-action='rotate']");
        browser.find("#rotate-dialog .expiry-policy");
        assertOffered("#rotate-dialog", List.of("", "7d", "30d"), List.of("60d", "90d", "never"));
        assertTrue(browser.find("#rotate-dialog .expiry-policy").getText().contains("30 days"));
        cancel("#rotate-dialog");

        // a personal token follows the policy of the workspace it is limited to, and only then
        browser.route("#/tokens");
        browser.click("#pat-new");
        browser.choose("#pat-workspace", slug);
        browser.waitFor().until(d -> optionDisabled("#pat-form", "never"));
        assertOffered("#pat-form", List.of("7d", "30d"), List.of("60d", "90d", "never"));
        browser.choose("#pat-workspace", "");
        browser.waitFor().until(d -> !optionDisabled("#pat-form", "never"));
        assertOffered("#pat-form", List.of("7d", "30d", "60d", "90d", "never"), List.of());
        assertFalse(browser.find("#pat-form [data-field~='expiration']").findElements(By.cssSelector(".expiry-policy"))
                .stream().anyMatch(WebElement::isDisplayed));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTokenTheApiRefusesShowsTheStateTheApiGivesNotActive() {
        String owner = person("forms-state");
        String slug = workspace(owner);
        // a workspace token made before the policy was tightened: the policy refuses it at use now
        json(HttpRequest.POST("/api/workspaces/" + slug + "/tokens", Map.of("name", "forever",
                "grant", Map.of("allProjects", "TESTER"), "expiration", "never")), owner);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/tokens", Map.of("name", "fine",
                "grant", Map.of("allProjects", "TESTER"), "expiration", "7d")), owner);
        json(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy", Map.of("maxLifetimeDays", 30)), owner);
        // a service token of a suspended service user
        String bot = (String) json(HttpRequest.POST("/api/workspaces/" + slug + "/service-users",
                Map.of("firstName", "Old", "lastName", "Bot")), owner).get("id");
        json(HttpRequest.POST("/api/users/service/" + bot + "/personal-access-tokens", Map.of("name", "deploy",
                "permissions", List.of("projects:read"), "allProjects", true, "expiration", "7d")), owner);
        json(HttpRequest.PATCH("/api/workspaces/" + slug + "/service-users/" + bot, Map.of("status", "SUSPENDED")), owner);

        // the API says it in every kind's list
        Map<String, String> states = new java.util.HashMap<>();
        items(json(HttpRequest.GET("/api/workspaces/" + slug + "/tokens"), owner))
                .forEach(t -> states.put((String) t.get("name"), (String) t.get("effectiveState")));
        assertEquals(Map.of("forever", "policy_denied", "fine", "active"), states);
        assertEquals("subject_inactive", items(json(HttpRequest.GET("/api/users/service/" + bot + "/personal-access-tokens"), owner))
                .get(0).get("effectiveState"));

        asPerson(owner, "#/w/" + slug + "/tokens");
        WebElement refused = browser.find("tr.wst-row[data-token-name='forever'] [data-status]");
        assertEquals("policy_denied", refused.getAttribute("data-status"));
        assertEquals("refused by policy", refused.getText().toLowerCase());
        assertTrue(refused.getAttribute("title").contains("policy"));
        assertEquals("active", browser.find("tr.wst-row[data-token-name='fine'] [data-status]").getAttribute("data-status"));
        browser.screenshot("workspace-tokens-refused-by-policy");

        browser.route("#/w/" + slug + "/service-users");
        WebElement suspended = browser.find("tr.sut-row [data-status]");
        assertEquals("subject_inactive", suspended.getAttribute("data-status"));
        assertFalse(suspended.getText().toLowerCase().contains("active"), suspended.getText());

        // a member's personal token waiting for an owner's approval
        json(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy", Map.of("requireApprovalForPersonalTokens", true)), owner);
        String memberEmail = "forms-state-m-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String member = signUp(memberEmail);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", memberEmail, "role", "MEMBER")), owner);
        json(HttpRequest.POST("/api/user/personal-access-tokens", Map.of("name", "asked", "scopes", List.of("workspace:read"),
                "workspace", slug, "expiration", "7d")), member);
        asPerson(member, "#/tokens");
        assertEquals("pending_approval",
                browser.find("tr.pat-row[data-token-name='asked'] td[data-label='Status'] > [data-status]").getAttribute("data-status"));
    }

    @Test
    void pickersShowEveryGroupOfferAServiceTokenWhatItCarriesAndTellAMemberTheCeiling() {
        String owner = person("forms-pick");
        String slug = workspace(owner);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/projects", Map.of("key", "web", "name", "Web")), owner);

        // every group in sight: no inner scroll box hides some of them
        asPerson(owner, "#/tokens");
        browser.click("#pat-new");
        WebElement areas = browser.find("#pat-form fieldset.permissions .areas");
        long scrollHeight = (Long) browser.script("return arguments[0].scrollHeight", areas);
        long clientHeight = (Long) browser.script("return arguments[0].clientHeight", areas);
        assertTrue(scrollHeight <= clientHeight + 1, "no inner scrolling: " + scrollHeight + " > " + clientHeight);

        // the service-token picker: only what a service token carries, so "Everything" works
        String bot = (String) json(HttpRequest.POST("/api/workspaces/" + slug + "/service-users",
                Map.of("firstName", "Deploy", "lastName", "Bot")), owner).get("id");
        browser.route("#/w/" + slug + "/service-users");
        browser.click("button[data-action='new-service-token']");
        browser.find("#service-token-dialog");
        assertEquals(0, browser.driver.findElements(By.cssSelector(
                "#service-token-dialog input[name='sut-perm'][value^='workspace:'], #service-token-dialog input[name='sut-perm'][value^='tokens:']")).size(),
                "no workspace-level permission is offered");
        browser.click("#service-token-dialog button[data-preset='everything']");
        browser.click("#sut-submit");
        browser.find("#token-dialog #new-token");
        closeTokenDialogAfterCopy();
        List<Map<String, Object>> tokens = items(json(HttpRequest.GET("/api/users/service/" + bot + "/personal-access-tokens"), owner));
        assertEquals(1, tokens.size());
        assertTrue(((List<?>) tokens.get(0).get("permissions")).contains("releases:deploy"), tokens.toString());

        // a MEMBER: scopes it does not hold in the workspace are off, and the form says why
        String memberEmail = "forms-pick-m-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String member = signUp(memberEmail);
        json(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", memberEmail, "role", "MEMBER")), owner);
        asPerson(member, "#/tokens");
        browser.click("#pat-new");
        browser.choose("#pat-workspace", slug);
        WebElement note = browser.find("#pat-form .ceiling-note");
        assertTrue(note.getText().contains("ceiling"), note.getText());
        WebElement manage = browser.find("#pat-form input[name='scope'][value='workspace:manage']");
        assertFalse(manage.isEnabled(), "a member does not hold workspace:manage");
        assertTrue(browser.find("label[for='" + manage.getAttribute("id") + "']").getText().contains("You do not hold this"));
        assertTrue(browser.find("#pat-form input[name='scope'][value='workspace:read']").isEnabled());
        browser.click("#pat-form button[data-preset='everything']");
        assertFalse(manage.isSelected(), "a preset never ticks a scope that is off");
        browser.script("arguments[0].scrollIntoView()", note);
        browser.screenshot("pat-form-member-ceiling");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private boolean inView(WebElement el) {
        return (Boolean) browser.script("var r = arguments[0].getBoundingClientRect();"
                + " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;", el);
    }

    private void cancel(String dialog) {
        browser.click(dialog + " .actions button:not(.primary)");
        browser.waitGone(dialog);
    }

    private String expirySelectId(String scope) {
        return browser.find(scope + " [data-field~='expiration'] select").getAttribute("id");
    }

    private boolean optionDisabled(String scope, String value) {
        return (Boolean) browser.script("var o = document.querySelector(arguments[0]); return !!o && o.disabled;",
                scope + " [data-field~='expiration'] select option[value='" + value + "']");
    }

    private void assertOffered(String scope, List<String> enabled, List<String> disabled) {
        for (String v : enabled) {
            assertFalse(optionDisabled(scope, v), v + " is offered in " + scope);
        }
        for (String v : disabled) {
            assertTrue(optionDisabled(scope, v), v + " is off in " + scope);
        }
    }

    private String person(String who) {
        return signUp(who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    }

    private String workspace(String owner) {
        String slug = "forms-" + UUID.randomUUID().toString().substring(0, 8);
        json(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", "Forms")), owner);
        return slug;
    }
}
