package dev.latchkey.app.dashboard;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real (headless) chromium against the embedded server: what a person does,
 * checked through the page and, for the tokens it hands out, through the API.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest implements TestPropertyProvider {
    static final String PASSWORD = "correct horse battery staple";
    /** The shape of every Latchkey token (DESIGN.md), built here so no token-like literal is in the source. */
    static final Pattern TOKEN_SHAPE = Pattern.compile("lk" + "[pws]_[0-9A-Za-z]{49}");

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient http;

    Browser browser;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("micronaut.server.port", "-1");
        p.put("latchkey.rate-limits.enabled", "false");
        return p;
    }

    @BeforeAll
    void startBrowser() {
        browser = new Browser(server.getURL().toString());
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

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
        browser.find("tr.pat-row[data-token-name='ci-browser'] [data-status='revoked']");
        assertEquals(401, status("/api/user", token));
        assertTrue(email.contains("@"));
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
        browser.find("tr.pat-row[data-token-name='bulk-one'] [data-status='revoked']");
        browser.find("tr.pat-row[data-token-name='bulk-two'] [data-status='revoked']");
        for (String token : tokens) {
            assertEquals(401, status("/api/user", token));
        }
    }

    // --- steps -----------------------------------------------------------------------------------

    String signUpAndLogIn(String who) {
        String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        browser.open("#/logout-first");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        browser.open("#/signup");
        browser.find("#signup-form");
        browser.screenshot("signup");
        browser.type("#signup-email", email);
        browser.type("#signup-firstName", "Ann");
        browser.type("#signup-lastName", "Lee");
        browser.type("#signup-password", PASSWORD);
        browser.click("#signup-submit");
        browser.find("#ws-form");
        return email;
    }

    String createWorkspace(String name) {
        String slug = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6);
        browser.route("#/workspaces");
        browser.type("#ws-name", name);
        browser.type("#ws-slug", slug);
        browser.click("#ws-submit");
        browser.find("#project-form");
        return slug;
    }

    void createProject(String key, String name) {
        browser.type("#project-name", name);
        browser.type("#project-key", key);
        browser.click("#project-submit");
        browser.find("#project-table tr[data-project-key='" + key + "']");
    }

    String generatePat(String name) {
        browser.route("#/tokens");
        browser.click("#pat-new");
        browser.type("#pat-name", name);
        browser.click("button[data-preset='read-only']");
        browser.click("#pat-submit");
        String token = browser.find("#new-token").getText().trim();
        browser.click("#token-dialog-done");
        browser.waitGone("#token-dialog");
        browser.find("tr.pat-row[data-token-name='" + name + "']");
        return token;
    }

    int status(String path, String token) {
        try {
            HttpResponse<?> r = http.toBlocking().exchange(HttpRequest.GET(path)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token), Argument.mapOf(String.class, Object.class));
            return r.code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }
}
