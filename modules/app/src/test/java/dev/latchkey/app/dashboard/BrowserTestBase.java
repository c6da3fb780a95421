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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the dashboard's browser tests share: the embedded server, one headless chromium per class, and
 * the steps a person takes (sign up, create a workspace and a project, copy a shown token), plus the
 * API calls that check what the page made. Subclasses add {@code @MicronautTest} and
 * {@code @ExtendWith(BrowserAvailable.class)}, and may change the server's settings in
 * {@link #getProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestBase implements TestPropertyProvider {
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
        return defaults();
    }

    private static Map<String, String> defaults() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("micronaut.server.port", "-1");
        p.put("latchkey.rate-limits.enabled", "false");
        return p;
    }

    /**
     * The server's settings with a confirmation window of 1 ms: every sensitive action of the page
     * asks for the password, as it would long after logging in (a subclass returns this from
     * {@link #getProperties()}).
     */
    Map<String, String> askingForThePasswordEveryTime() {
        Map<String, String> p = defaults();
        p.put("latchkey.security.sudo-window", "1ms");
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

    // --- steps -----------------------------------------------------------------------------------

    String signUpAndLogIn(String who) {
        String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        browser.open("#/logout-first");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        // a fresh page: nothing a previous test left open (a dialog) is in the way
        browser.driver.navigate().refresh();
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

    void logInAs(String email) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        browser.open("#/login");
        browser.type("#login-email", email);
        browser.type("#login-password", PASSWORD);
        browser.click("#login-submit");
        browser.find("#pat-new");
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
        closeTokenDialogAfterCopy();
        browser.find("tr.pat-row[data-token-name='" + name + "']");
        return token;
    }

    /** The texts of what {@code css} selects, read in one script, so a re-render cannot leave a stale element behind. */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0])]"
                + ".map(function (e) { return e.innerText.trim(); });", css);
    }

    /**
     * Clicks the button labelled {@code label} inside {@code scopeCss}, once it shows; the scope is
     * looked up again on each try, since a list re-rendered meanwhile replaces it.
     */
    void clickButton(String scopeCss, String label) {
        org.openqa.selenium.By button = org.openqa.selenium.By.xpath(".//button[normalize-space()='" + label + "']");
        browser.waitFor().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            for (org.openqa.selenium.WebElement scope : d.findElements(org.openqa.selenium.By.cssSelector(scopeCss))) {
                for (org.openqa.selenium.WebElement b : scope.findElements(button)) {
                    if (b.isDisplayed()) {
                        b.click();
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** Copies the shown token and closes the dialog, as a careful person does. */
    void closeTokenDialogAfterCopy() {
        browser.find("#new-token");
        browser.click("#copy-token");
        browser.waitForText("#token-dialog .copied", "Copied");
        browser.click("#token-dialog-done");
        browser.waitGone("#token-dialog");
    }

    /** A person signed up and logged in through the API; returns the session. */
    String signUp(String email) {
        http.toBlocking().exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "Test",
                "lastName", "Person", "password", PASSWORD)));
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/login", Map.of("username", email, "password", PASSWORD)),
                Argument.mapOf(String.class, Object.class)).get("access_token");
    }

    /** The page as the person with this session sees it, from a fresh load. */
    void asPerson(String jwt, String route) {
        browser.open("#/logout-first");
        browser.script("sessionStorage.setItem('latchkey.session', arguments[0])", jwt);
        browser.open(route);
        browser.driver.navigate().refresh();
    }

    /** An API call as the person with this session; its JSON answer. */
    Map<String, Object> json(io.micronaut.http.MutableHttpRequest<?> request, String token) {
        return http.toBlocking().retrieve(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token),
                Argument.mapOf(String.class, Object.class));
    }

    /** The session of the logged-in person, to ask the API what the page made. */
    String sessionToken() {
        return (String) browser.script("return sessionStorage.getItem('latchkey.session')");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> workspaceTokenGrant(String workspace, String name) {
        return items(getJson("/api/workspaces/" + workspace + "/tokens", sessionToken())).stream()
                .filter(t -> name.equals(t.get("name"))).findFirst().map(t -> (Map<String, Object>) t.get("grant"))
                .orElseThrow(() -> new AssertionError("no workspace token " + name));
    }

    static Map<String, Object> nonNull(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    Map<String, Object> getJson(String path, String token) {
        return http.toBlocking().retrieve(HttpRequest.GET(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token),
                Argument.mapOf(String.class, Object.class));
    }

    Map<String, Object> postJson(String path, Object body, String token) {
        return http.toBlocking().retrieve(HttpRequest.POST(path, body).header(HttpHeaders.AUTHORIZATION, "Bearer " + token),
                Argument.mapOf(String.class, Object.class));
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
