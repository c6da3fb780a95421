package dev.latchkey.app.dashboard;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.Map;
import java.util.UUID;

/**
 * The set-up of a browser test that is not under test, done through the API: people signed up and
 * logged in, their workspaces, members, tokens. What a test checks is then done in the page.
 */
final class ApiPeople {
    private final HttpClient http;
    private final Browser browser;

    ApiPeople(HttpClient http, Browser browser) {
        this.http = http;
        this.browser = browser;
    }

    /** A new person, signed up and logged in: their email and session JWT. */
    record Person(String email, String jwt) {
    }

    Person signUp(String who) {
        String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.toBlocking().exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", who,
                "lastName", "Tester", "password", BrowserTestBase.PASSWORD)));
        return new Person(email, logIn(email, BrowserTestBase.PASSWORD));
    }

    /** The session JWT of a log-in, or null when the password is refused. */
    String logIn(String email, String password) {
        try {
            return (String) http.toBlocking().retrieve(HttpRequest.POST("/login", Map.of("username", email, "password", password)),
                    Argument.mapOf(String.class, Object.class)).get("access_token");
        } catch (HttpClientResponseException e) {
            return null;
        }
    }

    /** A workspace of {@code owner}'s, by slug. */
    String workspace(Person owner, String name) {
        String slug = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        json(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", name)), owner);
        return slug;
    }

    /** A service user of the workspace, by id. */
    String serviceUser(Person owner, String slug) {
        return (String) json(HttpRequest.POST("/api/workspaces/" + slug + "/service-users",
                Map.of("firstName", "Deploy", "lastName", "Bot")), owner).get("id");
    }

    /** The browser as this person, on this route (a fresh page: nothing of a previous test is open). */
    void asPerson(Person person, String route) {
        browser.open("#/logout-first");
        browser.script("sessionStorage.setItem('latchkey.session', arguments[0])", person.jwt());
        browser.open(route);
        // a change of the hash alone keeps the page: a reload drops what a previous test left open
        browser.driver.navigate().refresh();
    }

    Map<String, Object> json(MutableHttpRequest<?> request, Person person) {
        return json(request, person.jwt());
    }

    Map<String, Object> json(MutableHttpRequest<?> request, String token) {
        return http.toBlocking().retrieve(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token),
                Argument.mapOf(String.class, Object.class));
    }

    int status(MutableHttpRequest<?> request, String token) {
        try {
            return http.toBlocking().exchange(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }
}
