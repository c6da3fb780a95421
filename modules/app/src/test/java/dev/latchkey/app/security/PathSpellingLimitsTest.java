package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, class "a limit holds on one spelling of a path only": every spelling of a limited route
 * is either limited as that route, refused as non-canonical (400), or reaches nothing (404). Each
 * row uses a client address of its own (a trusted proxy on loopback), so buckets never mix.
 */
@MicronautTest(transactional = false)
class PathSpellingLimitsTest extends ApiTest {
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("latchkey.rate-limits.enabled", "true");
        p.put("latchkey.rate-limits.login.capacity", "2");
        p.put("latchkey.rate-limits.login.period", "1h");
        p.put("latchkey.rate-limits.signup.capacity", "2");
        p.put("latchkey.rate-limits.signup.period", "1h");
        p.put("latchkey.rate-limits.leak-reports.capacity", "2");
        p.put("latchkey.rate-limits.leak-reports.period", "1h");
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        p.put("latchkey.rate-limits.login.failures-per-account", "3");
        p.put("latchkey.rate-limits.login.failure-window", "1h");
        return p;
    }

    /** Other spellings of {@code path}: case, slashes, dot segments, matrix and query noise, percent-encoding. */
    private static List<String> spellings(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.substring(0, path.lastIndexOf('/'));
        String firstLetter = String.format("%%%02X", (int) last.charAt(0));
        List<String> list = new ArrayList<>(List.of(
                path + "/", path + "//", "/" + path, parent + "//" + last, path + "/.", "/." + path,
                "/x/.." + path, "/assets/.." + path, "/assets/%2E%2E" + path, "/assets/..%2F" + path.substring(1),
                path + ";", path + ";x=1", path + ";jsessionid=1", path + "?x=1", path + "?" + path,
                path.toUpperCase(), parent + "/" + Character.toUpperCase(last.charAt(0)) + last.substring(1),
                parent + "/" + firstLetter + last.substring(1), parent + "/" + firstLetter.toLowerCase() + last.substring(1),
                path + "%2F", path + "%2f", "/%2F" + path.substring(1), path + "%20", path + "%00", path + "%",
                path + "%zz", path + "\\", path + "%5C", path + "%3B", path + "%3bx=1", path + "%23", path + "%3F",
                path + "%09", path + "/%2e", path + "/%2E%2E" + path, "http://127.0.0.1" + path,
                "http://127.0.0.1" + path + "/"));
        return list;
    }

    private void assertEverySpellingIsLimited(String path, String body, int capacity) {
        for (String spelling : spellings(path)) {
            String address = "198.51.100." + ADDRESS.getAndIncrement() % 250;
            String forwarded = "X-Forwarded-For: 203.0.113." + ADDRESS.get() / 250 + ", " + address;
            for (int i = 0; i < capacity; i++) {
                RawHttp.Answer spent = RawHttp.send(server.getPort(), "POST", path, List.of(forwarded), body);
                assertNotEquals(429, spent.status(), () -> path + " limited early: " + spent);
            }
            RawHttp.Answer answer = RawHttp.send(server.getPort(), "POST", spelling, List.of(forwarded), body);
            assertTrue(answer.status() == 429 && "urn:latchkey:problem:rate-limited".equals(type(answer))
                            || refusedAsSpelling(answer) || answer.status() == 404,
                    () -> "POST " + spelling + " got past the limit of " + path + ": " + answer);
        }
    }

    @Test
    void everySpellingOfLoginIsLimitedAsLogin() {
        assertEverySpellingIsLimited("/login", "{\"username\":\"nobody@example.com\",\"password\":\"wrong\"}", 2);
    }

    @Test
    void everySpellingOfSignUpIsLimitedAsSignUp() {
        // an invalid body: the bucket is spent before validation, and no account is made
        assertEverySpellingIsLimited("/api/signup", "{\"email\":\"\"}", 2);
    }

    @Test
    void everySpellingOfLeakReportsIsLimitedAsLeakReports() {
        assertEverySpellingIsLimited("/api/tokens/leaks", "{\"tokens\":[\"nothing\"],\"source\":\"spelling\"}", 2);
    }

    @Test
    void everySpellingOfAnAccountIsThrottledAsThatAccount() {
        String email = Api.unique("ann") + "@example.com";
        Api.expect(201, api.signUp(email));
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login(email, "wrong password").status());
        }
        // the right password, in any spelling the database matches to the account, is still throttled
        String local = email.substring(0, email.indexOf('@'));
        for (String spelling : List.of(email, email.toUpperCase(), " " + email + " ", "\u00c1" + email.substring(1),
                "\u00e1" + email.substring(1), local + "@EXAMPLE.com", local + "@ex\u00e1mple.com")) {
            RawHttp.Answer answer = login(spelling, Api.PASSWORD);
            assertEquals(401, answer.status(), () -> "'" + spelling + "' signed in past the throttle: " + answer);
        }
    }

    private RawHttp.Answer login(String email, String password) {
        String forwarded = "X-Forwarded-For: 192.0.2." + ADDRESS.getAndIncrement() % 250;
        try {
            return RawHttp.send(server.getPort(), "POST", "/login", List.of(forwarded),
                    json.writeValueAsString(Map.of("username", email, "password", password)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anonymousStaticPatternsDoNotOpenTheApiToOtherSpellings() {
        for (String path : List.of("/assets/../api/user", "/assets/..%2Fapi/user", "/assets/%2e%2e/api/user",
                "/assets/%2E%2E/api/user", "/index.html/../api/user", "/swagger/../api/user", "/assets//../api/user",
                "/assets/js/../../api/user", "/assets;/../api/user", "/assets/..;/api/user", "/assets/..\\api/user")) {
            RawHttp.Answer answer = RawHttp.send(server.getPort(), "GET", path, List.of(), null);
            assertTrue(refusedAsSpelling(answer), () -> "GET " + path + ": " + answer);
        }
    }

    @Test
    void canonicalPathsStillWork() {
        assertEquals(200, RawHttp.send(server.getPort(), "GET", "/", List.of(), null).status());
        assertEquals(200, RawHttp.send(server.getPort(), "GET", "/index.html", List.of(), null).status());
        assertEquals(200, RawHttp.send(server.getPort(), "GET", "/assets/js/app.js", List.of(), null).status());
        assertEquals(200, RawHttp.send(server.getPort(), "GET", "/health", List.of(), null).status());
        // a character that needs encoding may be encoded: the path is canonical, the workspace unknown
        RawHttp.Answer encoded = RawHttp.send(server.getPort(), "GET", "/api/workspaces/a%40b", List.of(), null);
        assertEquals(401, encoded.status(), encoded::toString);
    }

    /** Our 400 for a non-canonical path, or the server's own 400 for a path it cannot even decode. */
    private boolean refusedAsSpelling(RawHttp.Answer answer) {
        return answer.status() == 400 && ("urn:latchkey:problem:non-canonical-path".equals(type(answer))
                && "path".equals(field(answer)) || "Malformed URI".equals(parse(answer).get("detail")));
    }

    private String type(RawHttp.Answer answer) {
        Object value = parse(answer).get("type");
        return value == null ? null : value.toString();
    }

    private String field(RawHttp.Answer answer) {
        Object value = parse(answer).get("field");
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(RawHttp.Answer answer) {
        try {
            return answer.body().isBlank() ? Map.of() : json.readValue(answer.body(), Map.class);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
