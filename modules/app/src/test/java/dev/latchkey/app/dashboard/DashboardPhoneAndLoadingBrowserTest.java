package dev.latchkey.app.dashboard;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, item 9: switching pages shows a loading state instead of the old list; at 375 px the
 * active tab stays in view, a cell's second line stays out of the label column and a hidden toast
 * leaves nothing on screen; the slug's {@code pattern} compiles (no console error) so the browser
 * refuses a bad slug itself.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPhoneAndLoadingBrowserTest extends BrowserTestBase {
    /** The narrowest phone the issue names (an iPhone SE / mini). */
    static final Dimension PHONE_375 = new Dimension(375, 812);

    @AfterEach
    void desktopAgain() {
        browser.script("window.__slow = 0");
        browser.driver.manage().window().setSize(Browser.DESKTOP);
    }

    /** From now on every API answer arrives `ms` later, so a page's loading state can be seen. */
    private void slowApi(int ms) {
        browser.script("window.__slow = arguments[0];"
                + "if (!window.__fetch) { window.__fetch = window.fetch;"
                + "  window.fetch = function () { var args = arguments;"
                + "    return new Promise(function (r) { setTimeout(r, window.__slow || 0); })"
                + "      .then(function () { return window.__fetch.apply(window, args); }); }; }", ms);
    }

    @Test
    void switchingPagesShowsLoadingInsteadOfTheOldList() {
        signUpAndLogIn("loader");
        String slug = createWorkspace("Loading");
        createProject("web", "Web");
        generatePat("still-here");

        slowApi(1500);
        browser.click("#nav-workspaces");
        assertTrue(browser.driver.findElements(By.cssSelector("#pat-table")).isEmpty(), "the old list is gone at once");
        assertTrue(browser.find("#main #loading").getText().contains("Loading"));
        assertEquals("true", browser.find("#main").getAttribute("aria-busy"));
        browser.find("#ws-form");
        assertTrue(browser.driver.findElements(By.cssSelector("#loading")).isEmpty());

        // within a workspace: the heading and tabs stay, the panel shows loading, the new tab is marked
        slowApi(0);
        browser.route("#/w/" + slug + "/projects");
        browser.find("#project-table");
        slowApi(1500);
        browser.click("#tab-members");
        assertTrue(browser.driver.findElements(By.cssSelector("#project-table")).isEmpty(), "the project list is gone at once");
        browser.find("#main section #loading");
        assertEquals("page", browser.find("#tab-members").getAttribute("aria-current"));
        browser.find("#member-table");
        assertEquals(null, browser.find("#main").getAttribute("aria-busy"));
    }

    @Test
    void atPhoneWidthTheActiveTabStaysInViewAndNotesStayBesideTheirLabel() {
        signUpAndLogIn("phone");
        String slug = createWorkspace("Phone");
        browser.click("#nav-tokens");
        browser.click("#pat-new");
        browser.type("#pat-name", "deploy");
        browser.type("#pat-note", "used by the release job");
        browser.click("button[data-preset='read-only']");
        browser.click("#pat-submit");
        closeTokenDialogAfterCopy();

        browser.driver.manage().window().setSize(PHONE_375);
        assertEquals(375L, ((Number) browser.script("return window.innerWidth")).longValue(), "the viewport is 375 px wide");
        browser.route("#/w/" + slug + "/audit");
        browser.find("#audit-filters");
        @SuppressWarnings("unchecked")
        Map<String, Number> tab = (Map<String, Number>) browser.script("var r = document.getElementById('tab-audit').getBoundingClientRect();"
                + "var n = document.querySelector('.tabs').getBoundingClientRect();"
                + "return {left: r.left, right: r.right, navLeft: n.left, navRight: n.right};");
        assertTrue(tab.get("left").doubleValue() >= tab.get("navLeft").doubleValue() - 1
                && tab.get("right").doubleValue() <= tab.get("navRight").doubleValue() + 1, "the active tab is in view: " + tab);
        browser.screenshot("phone-375-audit-tab");

        browser.route("#/tokens");
        browser.find("tr.pat-row[data-token-name='deploy']");
        @SuppressWarnings("unchecked")
        Map<String, Number> cell = (Map<String, Number>) browser.script(
                "var td = document.querySelector(\"tr.pat-row[data-token-name='deploy'] td[data-label='Name']\");"
                + "var name = td.querySelector('strong').getBoundingClientRect();"
                + "var note = td.querySelector('div.muted').getBoundingClientRect();"
                + "return {name: name.left, note: note.left};");
        assertEquals(cell.get("name").doubleValue(), cell.get("note").doubleValue(), 1.0,
                "the note starts where the name does, not in the label column: " + cell);
        browser.screenshot("phone-375-pat-list");
    }

    @Test
    void anEmptyOrHiddenToastLeavesNothingOnScreen() {
        browser.open("#/login");
        browser.script("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.find("#login-form");
        browser.driver.manage().window().setSize(PHONE_375);
        assertFalse(toastOnScreen(), "the empty toast is not on screen");

        // a toast that was shown and went away again leaves nothing either
        browser.script("document.getElementById('toast').textContent = 'Saved.';"
                + "document.getElementById('toast').classList.add('show')");
        browser.waitFor().until(d -> toastOnScreen());
        browser.script("document.getElementById('toast').classList.remove('show')");
        browser.waitFor().until(d -> !toastOnScreen());
    }

    private boolean toastOnScreen() {
        return (Boolean) browser.script("var t = document.getElementById('toast'); var s = getComputedStyle(t);"
                + "var r = t.getBoundingClientRect();"
                + "return s.display !== 'none' && s.visibility !== 'hidden' && r.height > 0"
                + "  && r.top < window.innerHeight && r.bottom > 0;");
    }

    @Test
    void theSlugPatternCompilesAndTheBrowserRefusesABadSlug() {
        signUpAndLogIn("slug");
        browser.consoleErrors();
        browser.route("#/workspaces");
        browser.type("#ws-name", "Bad");
        browser.type("#ws-slug", "Bad Slug!");
        browser.click("#ws-submit");
        // an invalid pattern is reported on the console when the browser first checks the field
        List<String> errors = browser.consoleErrors();
        assertTrue(errors.isEmpty(), "no console error: " + errors);
        assertEquals(Boolean.TRUE, browser.script("return document.getElementById('ws-slug').validity.patternMismatch"),
                "the browser checks the pattern");
        assertTrue(items(getJson("/api/workspaces", sessionToken())).isEmpty(), "nothing was sent");
        browser.type("#ws-slug", "good-slug-" + System.nanoTime() % 100000);
        assertEquals(Boolean.TRUE, browser.script("return document.getElementById('ws-slug').checkValidity()"),
                "a slug with dashes passes");
        errors = browser.consoleErrors();
        assertTrue(errors.isEmpty(), "no console error: " + errors);
    }
}
