package dev.latchkey.app.dashboard;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workspace owner manages access rules in the dashboard, with a login older than the confirmation
 * window (1 ms here), so every change asks for the password as it would an hour after logging in;
 * what the page makes is then proven through {@code /api/auth/forward} as a proxy calls it.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
class AccessRulesBrowserTest extends BrowserTestBase {

    @Override
    public Map<String, String> getProperties() {
        return askingForThePasswordEveryTime();
    }

    @Test
    void anOwnerAddsChangesAndDeletesAnAccessRuleAndTheProxyAnswerFollows() {
        signUpAndLogIn("rules");
        String slug = createWorkspace("Umbrella");
        createProject("web", "Web");
        String pat = personalToken(slug, List.of("releases:deploy"));
        // deny by default: no rule yet
        assertEquals(403, forward(slug, "POST", "/api/web/releases/7", pat));

        browser.click("#tab-access-rules");
        browser.find("#access-rule-form");
        assertTrue(browser.find("#panel-access-rules .empty").getText().contains("denied"));

        // a refusal of the API names its field: shown under that field, after the password prompt
        browser.click("#rule-method-post");
        browser.type("#rule-path", "api/{project}/releases/**");
        browser.choose("#rule-permission", "releases:deploy");
        browser.click("#access-rule-submit");
        confirmWithPassword("a wrong password");
        browser.waitForText("#password-dialog", "did not match");
        confirmWithPassword(PASSWORD);
        WebElement pathError = browser.find("#access-rule-form .field-error[data-field='path']");
        assertTrue(pathError.getText().contains("must start with /"), pathError.getText());
        assertEquals("true", browser.find("#rule-path").getAttribute("aria-invalid"));
        assertTrue(browser.find("#rule-path").getAttribute("aria-describedby").contains(pathError.getAttribute("id")));
        browser.screenshot("access-rule-field-error");
        // a project permission on a path without {project}: the same field, the API's own words
        browser.type("#rule-path", "/api/releases/**");
        browser.click("#access-rule-submit");
        confirmWithPassword(PASSWORD);
        browser.waitForText("#access-rule-form .field-error[data-field='path']", "must capture {project}");
        assertEquals(1, browser.driver.findElements(By.cssSelector("#access-rule-form .field-error")).size(),
                "the earlier message is gone");

        // the good rule: listed, and the proxy lets a POST to that project's releases through
        browser.type("#rule-path", "/api/{project}/releases/**");
        browser.click("#access-rule-submit");
        confirmWithPassword(PASSWORD);
        WebElement row = browser.find("#access-rule-table tr.rule-row[data-rule-path='/api/{project}/releases/**']");
        assertTrue(row.getText().contains("POST") && row.getText().contains("releases:deploy"), row.getText());
        browser.screenshot("access-rules");
        assertEquals(204, forward(slug, "POST", "/api/web/releases/7", pat));
        assertEquals(403, forward(slug, "GET", "/api/web/releases/7", pat), "a method the rule does not name");
        assertEquals(403, forward(slug, "POST", "/api/other/releases/7", pat), "a project the workspace does not have");

        // edit: any method, a permission the token does not hold
        browser.click("tr.rule-row button[data-action='edit-rule']");
        browser.find("#access-rule-dialog");
        browser.click("#access-rule-dialog input[value='POST']");
        new org.openqa.selenium.support.ui.Select(browser.find("#access-rule-dialog select"))
                .selectByValue("releases:delete");
        browser.screenshot("access-rule-edit");
        browser.click("#access-rule-save");
        confirmWithPassword(PASSWORD);
        browser.waitGone("#access-rule-dialog");
        browser.waitForText("#access-rule-table", "releases:delete");
        assertEquals("Any", browser.find("tr.rule-row td[data-label='Methods']").getText());
        assertEquals(403, forward(slug, "POST", "/api/web/releases/7", pat), "the token lacks releases:delete");
        Map<String, Object> rule = rules(slug).get(0);
        assertEquals(List.of(), rule.get("methods"));
        assertEquals("releases:delete", rule.get("permission"));

        // back to a permission it holds, then delete: denied again, by default
        browser.click("tr.rule-row button[data-action='edit-rule']");
        new org.openqa.selenium.support.ui.Select(browser.find("#access-rule-dialog select"))
                .selectByValue("releases:deploy");
        browser.click("#access-rule-save");
        confirmWithPassword(PASSWORD);
        browser.waitForText("#access-rule-table", "releases:deploy");
        assertEquals(204, forward(slug, "GET", "/api/web/releases/7", pat));
        browser.click("tr.rule-row button[data-action='delete-rule']");
        browser.click("#confirm-yes");
        confirmWithPassword(PASSWORD);
        browser.find("#panel-access-rules .empty");
        assertEquals(List.of(), rules(slug));
        assertEquals(403, forward(slug, "GET", "/api/web/releases/7", pat));

        // the audit trail has the three changes
        browser.click("#tab-audit");
        browser.waitForText("#audit-table", "access_rule.deleted");
        String audit = browser.find("#audit-table").getText();
        assertTrue(audit.contains("access_rule.created") && audit.contains("access_rule.updated"), audit);
    }

    @Test
    void aMemberSeesTheRulesButIsNotOfferedToChangeThem() {
        String member = signUpAndLogIn("reader");
        signUpAndLogIn("keeper");
        String slug = createWorkspace("Tyrell");
        browser.click("#tab-members");
        browser.type("#member-email", member);
        browser.click("#member-form button[type='submit']"); // a MEMBER: no confirmation asked
        browser.waitForText("#member-table", member);
        browser.click("#tab-access-rules");
        browser.type("#rule-path", "/health");
        browser.choose("#rule-permission", "workspace:read");
        browser.click("#access-rule-submit");
        confirmWithPassword(PASSWORD);
        browser.find("tr.rule-row[data-rule-path='/health']");

        logInAs(member);
        browser.route("#/w/" + slug + "/access-rules");
        browser.find("tr.rule-row[data-rule-path='/health']");
        assertTrue(browser.driver.findElements(By.cssSelector("#access-rule-form")).isEmpty());
        assertTrue(browser.driver.findElements(By.cssSelector("button[data-action='edit-rule']")).isEmpty());
        assertTrue(browser.driver.findElements(By.cssSelector("button[data-action='delete-rule']")).isEmpty());
    }

    // --- steps -----------------------------------------------------------------------------------

    /** Answers the password dialog the page opens for a sensitive change. */
    void confirmWithPassword(String password) {
        browser.find("#password-dialog #confirm-password");
        browser.type("#confirm-password", password);
        browser.click("#confirm-password-submit");
    }

    /** A personal token limited to the workspace, made through the API as a script would. */
    String personalToken(String workspace, List<String> scopes) {
        MutableHttpRequest<?> request = HttpRequest.POST("/api/user/personal-access-tokens",
                        Map.of("name", "proxy-check", "expiration", "7d", "scopes", scopes, "workspace", workspace))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + sessionToken())
                .header("X-Confirm-Password", PASSWORD);
        return (String) http.toBlocking().retrieve(request, Argument.mapOf(String.class, Object.class)).get("token");
    }

    /** What /api/auth/forward answers for a request a proxy forwards, as Caddy's forward_auth sends it. */
    int forward(String workspace, String method, String uri, String token) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/api/auth/forward?workspace=" + workspace)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .header("X-Forwarded-Method", method)
                    .header("X-Forwarded-Host", "api.example.com")
                    .header("X-Forwarded-Uri", uri)).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    List<Map<String, Object>> rules(String workspace) {
        return items(getJson("/api/workspaces/" + workspace + "/access-rules", sessionToken()));
    }
}
