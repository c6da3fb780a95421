package dev.latchkey.app.dashboard;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, "Also build": the account page (change the password, POST /api/user/password) and a
 * log-out that ends the session on the server (POST /api/user/logout), not only in this tab.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountBrowserTest extends BrowserTestBase {
    private static final String NEW_PASSWORD = "a brand new passphrase";
    private ApiPeople people;

    @BeforeAll
    void people() {
        people = new ApiPeople(http, browser);
    }

    @Test
    void aPersonChangesThePasswordOnTheAccountPage() {
        ApiPeople.Person ann = people.signUp("account");
        String otherSession = people.logIn(ann.email(), PASSWORD);
        people.asPerson(ann, "#/tokens");
        browser.click("#nav-account");
        browser.find("#password-form");

        // a wrong current password is said in the form, not answered with a password prompt
        browser.type("#account-current", "not my password at all");
        browser.type("#account-new", NEW_PASSWORD);
        browser.type("#account-again", NEW_PASSWORD);
        browser.click("#password-submit");
        browser.waitForText("#password-form .alert", "does not match");
        assertTrue(browser.driver.findElements(By.id("password-dialog")).isEmpty(), "no confirmation prompt");

        browser.type("#account-current", PASSWORD);
        browser.type("#account-new", NEW_PASSWORD);
        browser.type("#account-again", NEW_PASSWORD);
        browser.screenshot("account-password");
        browser.click("#password-submit");
        browser.waitForText("#toast", "Password changed");

        assertNotNull(people.logIn(ann.email(), NEW_PASSWORD), "the new password logs in");
        assertNull(people.logIn(ann.email(), PASSWORD), "the old one does not");
        assertEquals(401, people.status(HttpRequest.GET("/api/user"), otherSession), "other sessions ended");
        assertEquals(200, people.status(HttpRequest.GET("/api/user"), ann.jwt()), "this one keeps working");
    }

    @Test
    void twoDifferentNewPasswordsNeverReachTheServer() {
        ApiPeople.Person ann = people.signUp("typo");
        people.asPerson(ann, "#/account");
        browser.type("#account-current", PASSWORD);
        browser.type("#account-new", NEW_PASSWORD);
        browser.type("#account-again", NEW_PASSWORD + "!");
        browser.click("#password-submit");
        browser.waitForText("#password-form .alert", "differ");
        assertNotNull(people.logIn(ann.email(), PASSWORD), "unchanged");
    }

    @Test
    void loggingOutEndsTheSessionOnTheServer() {
        ApiPeople.Person ann = people.signUp("logout");
        people.asPerson(ann, "#/tokens");
        browser.find("#pat-new");
        assertEquals(200, people.status(HttpRequest.GET("/api/user"), ann.jwt()));
        browser.click("#logout");
        browser.find("#login-form");
        browser.waitFor().until(d -> people.status(HttpRequest.GET("/api/user"), ann.jwt()) == 401);
    }
}
