package dev.latchkey.app.dashboard;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real (headless) chromium against the embedded server: what a person does,
 * checked through the page and, for the tokens it hands out, through the API.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest extends BrowserTestBase {
    @Test
    void aPersonSignsUpCreatesAWorkspaceAndProjectThenGeneratesUsesAndRevokesAPersonalToken() {
        String email = signUpAndLogIn("ann");
        browser.screenshot("workspaces-empty");

        String slug = createWorkspace("Acme");
        createProject("web", "Web");
        browser.screenshot("workspace-projects");
        assertEquals(1, browser.driver.findElements(By.cssSelector("#project-table tr[data-project-key='web']")).size());

        browser.click("#nav-tokens");
        browser.click("#pat-new");
        browser.type("#pat-name", "ci-browser");
        browser.type("#pat-note", "made by the browser test");
        browser.choose("#pat-workspace", slug);
        browser.click("button[data-preset='read-only']");
        browser.screenshot("pat-generate-form");
        browser.click("#pat-submit");

        // the dialog shows the token once, with the warning and a Copy button that works
        String token = browser.find("#new-token").getText().trim();
        assertTrue(TOKEN_SHAPE.matcher(token).matches(), "the dialog shows a personal token");
        assertTrue(token.startsWith("lk" + "p_"));
        assertTrue(browser.find("#token-warning").getText().contains("will not be shown again"));
        browser.screenshot("pat-created-dialog");
        browser.click("#copy-token");
        browser.waitForText("#token-dialog .copied", "Copied");
        browser.click("#token-dialog-done");
        browser.waitGone("#token-dialog");

        // the token works against the API, as the person would use it from a script
        assertEquals(200, status("/api/user", token));
        WebElement row = browser.find("tr.pat-row[data-token-name='ci-browser']");
        assertEquals("active", row.findElement(By.cssSelector("[data-status]")).getText().toLowerCase());
        assertTrue(row.getText().contains("Acme"), "the list names the workspace");
        assertTrue(browser.driver.getPageSource().indexOf(token) < 0, "the secret is not kept in the page");
        browser.screenshot("pat-list");
        browser.phoneScreenshot("pat-list-phone");

        // revoke it in the UI: marked revoked, and the API refuses it
        browser.click("tr.pat-row[data-token-name='ci-browser'] button[data-action='revoke']");
        browser.click("#confirm-yes");
        // revoked tokens leave the default list for their own filter
        browser.waitGone("tr.pat-row[data-token-name='ci-browser']");
        browser.choose("#pat-state", "revoked");
        browser.find("tr.pat-row[data-token-name='ci-browser'] [data-status='revoked']");
        assertEquals(401, status("/api/user", token));

        // the workspace's audit trail tells the story (the PAT was limited to this workspace), filterable
        browser.route("#/w/" + slug + "/audit");
        browser.waitForText("#audit-table", "revoked");
        assertTrue(browser.find("#audit-table").getText().contains("created"));
        browser.screenshot("audit-trail");
        browser.phoneScreenshot("audit-trail-phone");
        browser.type("#audit-action", "token.revoked");
        browser.click("#audit-filters button[type='submit']");
        browser.waitFor().until(d -> !browser.find("#audit-table").getText().contains("token.created"));
        assertTrue(browser.find("#audit-table").getText().contains("token.revoked"));
        // an action the API does not know is refused with a readable message, not a stale list
        browser.type("#audit-action", "no.such.action");
        browser.click("#audit-filters button[type='submit']");
        browser.waitForText("#panel-audit .alert", "nknown action");
        assertTrue(browser.driver.findElements(By.cssSelector("#audit-table")).isEmpty());
        assertTrue(email.contains("@"));
    }

    @Test
    void aTokenIsRotatedWithAGraceAndTheListCountsDownItsOldSecret() {
        signUpAndLogIn("rotor");
        String old = generatePat("rotating");
        browser.click("tr.pat-row[data-token-name='rotating'] button[data-action='rotate']");
        browser.choose("#rotate-dialog select[name='graceSeconds']", "3600");
        browser.screenshot("rotate-dialog");
        browser.click("#rotate-submit");
        String fresh = browser.find("#new-token").getText().trim();
        assertTrue(TOKEN_SHAPE.matcher(fresh).matches(), "the dialog shows the new secret");
        assertTrue(!fresh.equals(old), "a new secret");
        closeTokenDialogAfterCopy();
        browser.waitForText("tr.pat-row[data-token-name='rotating'] .grace-note", "min more");
        assertTrue(browser.find("tr.pat-row[data-token-name='rotating'] .grace-note").getText()
                .contains("Old secret …" + old.substring(old.length() - 4)), "the old secret's hint and its countdown");
        browser.screenshot("pat-list-rotating");
        // both secrets work while the grace runs
        assertEquals(200, status("/api/user", old));
        assertEquals(200, status("/api/user", fresh));
    }

    @Test
    void severalPersonalTokensAreRevokedAtOnceFromTheirCheckboxes() {
        signUpAndLogIn("bulk");
        List<String> tokens = List.of(generatePat("bulk-one"), generatePat("bulk-two"));
        for (String name : List.of("bulk-one", "bulk-two")) {
            browser.click("tr.pat-row[data-token-name='" + name + "'] input.pat-select");
        }
        browser.waitForText("#pat-bulk-revoke", "(2)");
        browser.click("#pat-bulk-revoke");
        browser.click("#confirm-yes");
        browser.waitGone("tr.pat-row[data-token-name='bulk-two']");
        browser.choose("#pat-state", "revoked");
        browser.find("tr.pat-row[data-token-name='bulk-one'] [data-status='revoked']");
        browser.find("tr.pat-row[data-token-name='bulk-two'] [data-status='revoked']");
        for (String token : tokens) {
            assertEquals(401, status("/api/user", token));
        }
    }

    @Test
    void anOwnerCreatesAWorkspaceTokenWithAPerProjectGrantAndAServiceUserToken() {
        signUpAndLogIn("owner");
        String slug = createWorkspace("Globex");
        createProject("web", "Web");
        createProject("api", "Api");
        String web = browser.find("#project-table tr[data-project-key='web']").getAttribute("data-project-id");

        // workspace token: DEVELOPER on web, NONE (the default) on api
        browser.click("#tab-tokens");
        browser.type("#wst-name", "bitrise");
        browser.click("#wst-mode-projects");
        browser.choose("#wst-projects select[data-project-key='web']", "DEVELOPER");
        browser.screenshot("workspace-token-form");
        browser.click("#wst-submit");
        String workspaceToken = browser.find("#new-token").getText().trim();
        assertTrue(TOKEN_SHAPE.matcher(workspaceToken).matches());
        assertTrue(workspaceToken.startsWith("lk" + "w_"));
        closeTokenDialogAfterCopy();
        WebElement row = browser.find("tr.wst-row[data-token-name='bitrise']");
        assertTrue(row.getText().contains("Web: DEVELOPER"), row.getText());
        browser.screenshot("workspace-tokens");
        // the token sees the granted project only
        Map<String, Object> projects = getJson("/api/workspaces/" + slug + "/projects", workspaceToken);
        assertEquals(List.of("web"), ((List<?>) projects.get("items")).stream()
                .map(p -> ((Map<?, ?>) p).get("key")).toList());

        // service user and a token with one permission on one project
        browser.click("#tab-service-users");
        browser.type("#su-first", "Deploy");
        browser.type("#su-last", "Bot");
        browser.click("#su-submit");
        browser.click("article.service-user button[data-action='new-service-token']");
        browser.find("#service-token-dialog");
        browser.type("#sut-name", "deploy-web");
        browser.click("#sut-some");
        browser.click("#service-token-dialog input[data-project-key='web']");
        browser.click("#service-token-dialog input[value='releases:deploy']");
        assertEquals("releases:deploy on web only; no access to other projects, nor to projects created later.",
                browser.find("#sut-summary").getText());
        browser.script("document.getElementById('sut-summary').scrollIntoView({block: 'center'})");
        browser.screenshot("service-token-dialog");
        browser.click("#sut-submit");
        String serviceToken = browser.find("#new-token").getText().trim();
        assertTrue(TOKEN_SHAPE.matcher(serviceToken).matches());
        assertTrue(serviceToken.startsWith("lk" + "s_"));
        closeTokenDialogAfterCopy();
        browser.find("article.service-user tr.sut-row");
        browser.screenshot("service-users");
        Map<String, Object> check = postJson("/api/authz/check", Map.of("permission", "releases:deploy", "project", web),
                serviceToken);
        assertEquals(Boolean.TRUE, check.get("allowed"), check.toString());

        // the policy and the audit trail are there for the owner
        browser.click("#tab-policy");
        browser.find("#policy-save");
        browser.screenshot("token-policy");
        browser.click("#tab-audit");
        browser.find("#audit-filters");
    }

    @Test
    void aMemberIsNotOfferedWhatItMayNotDo() {
        String memberEmail = signUpAndLogIn("member");
        signUpAndLogIn("boss");
        String slug = createWorkspace("Initech");
        browser.click("#tab-members");
        browser.type("#member-email", memberEmail);
        browser.click("#member-form button[type='submit']");
        browser.waitForText("#member-table", memberEmail);
        browser.screenshot("members");

        logInAs(memberEmail);
        browser.route("#/w/" + slug + "/projects");
        browser.find("#tab-policy");
        for (String tab : List.of("#tab-tokens", "#tab-service-users", "#tab-audit")) {
            assertTrue(browser.driver.findElements(By.cssSelector(tab)).isEmpty(), tab + " is not offered to a MEMBER");
        }
        assertTrue(browser.driver.findElements(By.cssSelector("#project-form")).isEmpty());
        // a refusal that happens anyway (a hand-typed route) is a readable message, not a blank page
        browser.route("#/w/no-such-workspace/projects");
        browser.waitForText(".alert", "ot found");
    }

    @Test
    void aTokenFormShowsOnlyTheChosenModeAndGrantsExactlyWhatItsSummarySays() {
        signUpAndLogIn("grants");
        String slug = createWorkspace("Hooli");
        createProject("web", "Web");
        createProject("api", "Api");
        String web = browser.find("#project-table tr[data-project-key='web']").getAttribute("data-project-id");
        String api = browser.find("#project-table tr[data-project-key='api']").getAttribute("data-project-id");
        browser.click("#tab-tokens");
        browser.find("#wst-form");
        assertEquals(List.of(), browser.hiddenButShown(), "a hidden control is hidden");

        // all projects (the default): the per-project roles are not shown, the summary says it all
        assertEquals(List.of(false, false), browser.displayed("#wst-form select.wst-project-role"));
        assertEquals("TESTER on all projects, including future ones.", browser.find("#wst-summary").getText());
        // a role set per project and then the mode switched back: the per-project choice is gone from view and grant
        browser.click("#wst-mode-projects");
        assertEquals(List.of(true, true), browser.displayed("#wst-form select.wst-project-role"));
        assertTrue(browser.find("#wst-summary").getText().startsWith("No access yet"));
        browser.choose("#wst-projects select[data-project-key='web']", "TESTER");
        assertEquals("TESTER on web; no access to other projects, nor to projects created later.",
                browser.find("#wst-summary").getText());
        browser.click("#wst-mode-all");
        browser.choose("#wst-all-role", "DEVELOPER");
        assertEquals(List.of(false, false), browser.displayed("#wst-form select.wst-project-role"));
        assertEquals("DEVELOPER on all projects, including future ones.", browser.find("#wst-summary").getText());
        browser.type("#wst-name", "everywhere");
        browser.click("#wst-submit");
        closeTokenDialogAfterCopy();
        assertEquals(Map.of("allProjects", "DEVELOPER"), nonNull(workspaceTokenGrant(slug, "everywhere")));

        // a role per project: the summary names each, and the API holds exactly that
        browser.find("tr.wst-row[data-token-name='everywhere']");
        browser.type("#wst-name", "split");
        browser.click("#wst-mode-projects");
        browser.choose("#wst-projects select[data-project-key='web']", "DEVELOPER");
        browser.choose("#wst-projects select[data-project-key='api']", "TESTER");
        assertEquals(List.of(false), browser.displayed("#wst-all-role"));
        assertEquals("DEVELOPER on web, TESTER on api; no access to other projects, nor to projects created later.",
                browser.find("#wst-summary").getText());
        // self-rotation is asked for beside the roles, and the summary says so before submit
        browser.click("#wst-self-rotate");
        assertEquals("DEVELOPER on web, TESTER on api; no access to other projects, nor to projects created later."
                + " It may also rotate itself (self-rotate, POST /api/tokens/self/rotate).", browser.find("#wst-summary").getText());
        browser.click("#wst-submit");
        closeTokenDialogAfterCopy();
        assertEquals(Map.of("projects", Map.of(web, "DEVELOPER", api, "TESTER")),
                nonNull(workspaceTokenGrant(slug, "split")));
        Map<String, Boolean> selfRotating = new java.util.HashMap<>();
        items(getJson("/api/workspaces/" + slug + "/tokens", sessionToken()))
                .forEach(t -> selfRotating.put((String) t.get("name"), (Boolean) t.get("selfRotate")));
        assertEquals(Map.of("everywhere", false, "split", true), selfRotating);
        assertTrue(browser.find("tr.wst-row[data-token-name='split']").getText().contains("May rotate itself"));
        assertFalse(browser.find("tr.wst-row[data-token-name='everywhere']").getText().contains("May rotate itself"));

        // a service token: the project list shows only in "only these projects" mode; one double
        // click on Create makes one token
        browser.click("#tab-service-users");
        browser.type("#su-first", "Grant");
        browser.type("#su-last", "Bot");
        browser.click("#su-submit");
        String serviceUser = browser.find("article.service-user").getAttribute("data-user-id");
        browser.click("article.service-user button[data-action='new-service-token']");
        browser.find("#service-token-dialog");
        assertEquals(List.of(false), browser.displayed("#sut-projects"));
        assertEquals(List.of(), browser.hiddenButShown());
        assertEquals("No permission picked yet.", browser.find("#sut-summary").getText());
        browser.click("#service-token-dialog input[value='releases:deploy']");
        assertEquals("releases:deploy on all projects, including future ones.", browser.find("#sut-summary").getText());
        browser.click("#sut-some");
        assertEquals(List.of(true), browser.displayed("#sut-projects"));
        browser.click("#service-token-dialog input[data-project-key='api']");
        assertEquals("releases:deploy on api only; no access to other projects, nor to projects created later.",
                browser.find("#sut-summary").getText());
        browser.doubleClick("#sut-submit");
        closeTokenDialogAfterCopy();
        List<Map<String, Object>> serviceTokens = items(getJson(
                "/api/users/service/" + serviceUser + "/personal-access-tokens", sessionToken()));
        assertEquals(1, serviceTokens.size(), "one double click, one token");
        Map<String, Object> st = serviceTokens.get(0);
        assertEquals(List.of("releases:deploy"), st.get("permissions"));
        assertEquals(false, st.get("allProjects"));
        assertEquals(List.of(api), ((List<?>) st.get("projects")).stream().map(p -> ((Map<?, ?>) p).get("id")).toList());

        browser.find("article.service-user tr.sut-row");

        // a personal token says which workspace it is limited to, and what it may do there
        browser.route("#/tokens");
        browser.click("#pat-new");
        assertEquals("No scope picked yet.", browser.find("#pat-summary").getText());
        browser.choose("#pat-workspace", slug);
        browser.click("button[data-preset='none']");
        browser.click("#pat-form input[value='user:read']");
        assertEquals("user:read, as far as you may yourself, in Hooli (" + slug + ") only.",
                browser.find("#pat-summary").getText());
        assertEquals(List.of(), browser.hiddenButShown());
    }

    @Test
    void theShownOnceTokenDialogAsksBeforeItClosesOnATokenNotYetSaved() throws Exception {
        signUpAndLogIn("keeper");
        browser.route("#/tokens");
        browser.click("#pat-new");
        browser.type("#pat-name", "kept");
        browser.click("button[data-preset='read-only']");
        // a double click on Generate: one request, one token, one dialog
        browser.doubleClick("#pat-submit");
        String token = browser.find("#new-token").getText().trim();
        assertTrue(TOKEN_SHAPE.matcher(token).matches());

        // Escape without Copy or Download: the dialog stays, with the question inside it
        browser.pressEscape();
        browser.find("#token-unsaved");
        assertTrue(browser.find("#token-unsaved").getText().startsWith("You have not copied this token"));
        assertTrue(browser.find("#token-dialog").isDisplayed());
        assertEquals(token, browser.find("#new-token").getText().trim(), "the token is still there to copy");
        browser.screenshot("token-dialog-unsaved");
        browser.pressEscape();
        assertTrue(browser.find("#token-dialog").isDisplayed(), "a second Escape does not close it either");
        browser.click("#token-dialog-done");
        assertTrue(browser.find("#token-dialog").isDisplayed(), "nor does Done");
        // "Keep it open" goes back; "Close without copying" closes
        browser.click("#token-keep");
        browser.waitGone("#token-unsaved");
        browser.click("#token-dialog-done");
        browser.click("#token-discard");
        browser.waitGone("#token-dialog");
        browser.find("tr.pat-row[data-token-name='kept']");
        assertEquals(1, browser.driver.findElements(By.cssSelector("tr.pat-row")).size());
        assertEquals(1, items(getJson("/api/user/personal-access-tokens", sessionToken())).size(),
                "one double click, one token");

        // regenerate, Copy, then Escape: closes at once
        browser.click("tr.pat-row[data-token-name='kept'] button[data-action='regenerate']");
        browser.click("#regenerate-submit");
        String second = browser.find("#new-token").getText().trim();
        browser.click("#copy-token");
        browser.waitForText("#token-dialog .copied", "Copied");
        browser.pressEscape();
        browser.waitGone("#token-dialog");
        assertTrue(browser.driver.findElements(By.cssSelector("#token-unsaved")).isEmpty());

        // regenerate, Download: the file is <name>.txt holding the token; then Escape closes at once
        browser.find("tr.pat-row[data-token-name='kept']");
        browser.click("tr.pat-row[data-token-name='kept'] button[data-action='regenerate']");
        browser.click("#regenerate-submit");
        String third = browser.find("#new-token").getText().trim();
        assertTrue(!third.equals(second) && TOKEN_SHAPE.matcher(third).matches());
        browser.click("#download-token");
        browser.waitForText("#token-dialog .copied", "kept.txt");
        Path file = browser.downloads.resolve("kept.txt");
        browser.waitFor().until(d -> Files.exists(file));
        assertEquals(third + "\n", Files.readString(file));
        browser.pressEscape();
        browser.waitGone("#token-dialog");
        assertEquals(200, status("/api/user", third));
        assertEquals(401, status("/api/user", second), "the regenerated secret replaced the copied one");
        assertTrue(browser.driver.getPageSource().indexOf(third) < 0, "the secret is not kept in the page");
    }

    @Test
    void anOwnerDefinesATokenTypeWithTheSearchAndMakesTokensOfItAndOfABuiltInType() {
        signUpAndLogIn("types");
        String slug = createWorkspace("Types");
        createProject("web", "Web");

        browser.click("#tab-types");
        browser.waitForText("#type-table", "Read only");
        assertTrue(browser.find("#type-table").getText().contains("Deploy"));
        browser.click("#type-new");
        browser.type("#type-name", "Pipeline watcher");
        browser.type("#type-description", "reads pipelines");
        // the search narrows the list to matching permissions; "only checked" to the ticked ones
        browser.type("#type-form input.perm-search", "pipelines");
        List<WebElement> shown = browser.driver.findElements(By.cssSelector("#type-form .areas .check"))
                .stream().filter(WebElement::isDisplayed).toList();
        assertEquals(List.of("pipelines:read", "pipelines:run", "pipelines:manage"),
                shown.stream().map(e -> e.findElement(By.cssSelector("input")).getAttribute("value")).toList());
        browser.click("#type-form input[value='pipelines:read']");
        browser.type("#type-form input.perm-search", "");
        browser.click("#type-form input.perm-only-checked");
        assertEquals(List.of("pipelines:read"), browser.driver.findElements(By.cssSelector("#type-form .areas .check"))
                .stream().filter(WebElement::isDisplayed)
                .map(e -> e.findElement(By.cssSelector("input")).getAttribute("value")).toList());
        browser.screenshot("token-type-form");
        browser.click("#type-submit");
        browser.waitForText("#type-table", "Pipeline watcher");
        browser.screenshot("token-types");

        // a workspace token of that type
        browser.click("#tab-tokens");
        browser.type("#wst-name", "watcher");
        browser.click("#wst-mode-type");
        String typeId = browser.driver.findElements(By.cssSelector("#wst-type option")).stream()
                .filter(o -> o.getText().startsWith("Pipeline watcher")).findFirst().orElseThrow().getAttribute("value");
        browser.choose("#wst-type", typeId);
        assertEquals("pipelines:read on all projects, including future ones.", browser.find("#wst-summary").getText());
        browser.click("#wst-submit");
        String token = browser.find("#new-token").getText().trim();
        assertTrue(token.startsWith("lk" + "w_"));
        closeTokenDialogAfterCopy();
        assertTrue(browser.find("tr.wst-row[data-token-name='watcher']").getText().contains("Type: Pipeline watcher"));
        assertEquals(List.of("pipelines:read"), workspaceTokenGrant(slug, "watcher").get("permissions"));

        // a personal token of a built-in type: the scope picker steps aside
        browser.click("#nav-tokens");
        browser.click("#pat-new");
        browser.type("#pat-name", "ci-typed");
        browser.choose("#pat-type", "ci");
        assertTrue(browser.find("#pat-summary").getText().contains("pipelines:run"));
        browser.click("#pat-submit");
        String pat = browser.find("#new-token").getText().trim();
        closeTokenDialogAfterCopy();
        assertTrue(browser.find("tr.pat-row[data-token-name='ci-typed']").getText().contains("Type: CI"));
        Map<String, Object> made = items(getJson("/api/user/personal-access-tokens", sessionToken())).stream()
                .filter(t -> "ci-typed".equals(t.get("name"))).findFirst().orElseThrow();
        assertEquals(List.of("projects:read", "repositories:read", "pipelines:run", "variables:read"), made.get("scopes"));
        assertEquals(Map.of("id", "ci", "name", "CI"), made.get("type"));
        assertTrue(TOKEN_SHAPE.matcher(pat).matches());
    }

}
