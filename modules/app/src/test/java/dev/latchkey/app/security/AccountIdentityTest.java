package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An account is one exact identity. An email has one spelling (stripped, lower-case, NFC) and is
 * compared byte for byte, so a look-alike (accented, fullwidth, Cyrillic, padded) never reaches
 * another account: not at login, sign-up or member invitation, and failed logins count on the
 * account whatever spelling reached it. Workspace slugs are looked up the same way. Meant to be
 * run on MySQL/MariaDB as well (LATCHKEY_TEST_JDBC_URL), where the default collation made
 * "bób@example.com" find bob.
 */
@MicronautTest(transactional = false)
class AccountIdentityTest extends ApiTest {
    private static final String OTHER_PASSWORD = "another horse battery staple";

    @Override
    public Map<String, String> getProperties() {
        return ThrottledLogins.on(super.getProperties());
    }

    /** A fresh "bob-…@example.com" (the local part starts with "bob"). */
    private Api.Session bob() {
        String email = Api.unique("bob") + "@example.com";
        String id = expect(201, api.signUp(email)).string("id");
        return new Api.Session(id, email, null);
    }

    /** Spellings that look like {@code email} but are other addresses: the first "o" replaced. */
    private static List<String> lookAlikes(String email) {
        return List.of(
                email.replaceFirst("o", "ó"),                 // precomposed U+00F3
                email.replaceFirst("o", "o\u0301"),           // decomposed, NFC makes it ó
                email.replaceFirst("o", "ö"),
                email.replaceFirst("o", "\uFF4F"),            // fullwidth o
                email.replaceFirst("o", "\u043E"),            // Cyrillic o
                email.replaceFirst("b", "B\u0301"),
                email + "\u00A0");                            // no-break space is not white space to strip
    }

    /** Spellings that are the same address. */
    private static List<String> sameAddress(String email) {
        return List.of(email.toUpperCase(), "  " + email + "  ", "\t" + email.substring(0, 1).toUpperCase() + email.substring(1));
    }

    @Test
    void aLookAlikeEmailWithTheRightPasswordDoesNotLogIn() {
        Api.Session bob = bob();
        for (String variant : lookAlikes(bob.email())) {
            Reply login = api.login(variant, Api.PASSWORD);
            assertEquals(401, login.status(), () -> "logged in as " + variant + ": " + login);
        }
        for (String variant : sameAddress(bob.email())) {
            String jwt = expect(200, api.login(variant, Api.PASSWORD)).string("access_token");
            assertEquals(bob.id(), api.get("/api/user", jwt).string("id"), variant);
        }
    }

    @Test
    void failedLoginsCountOnTheAccountWhateverSpellingReachedIt() {
        Api.Session bob = bob();
        List<String> spellings = sameAddress(bob.email());
        for (int i = 0; i < ThrottledLogins.FAILURES_PER_ACCOUNT; i++) {
            assertEquals(401, api.login(spellings.get(i), "wrong password " + i).status());
        }
        assertEquals(401, api.login(bob.email(), Api.PASSWORD).status(), "the account is throttled, whatever the spelling");
        for (String variant : lookAlikes(bob.email())) {
            assertEquals(401, api.login(variant, Api.PASSWORD).status(), variant);
        }
    }

    @Test
    void guessesAtLookAlikesNeitherReachNorLockTheAccountAndRealFailuresAreAudited() {
        Api.Session bob = bob();
        for (String variant : lookAlikes(bob.email())) {
            for (int i = 0; i < ThrottledLogins.FAILURES_PER_ACCOUNT; i++) {
                assertEquals(401, api.login(variant, "guess " + i).status());
            }
        }
        assertEquals(401, api.login(bob.email().toUpperCase(), "one real wrong guess").status());
        String jwt = expect(200, api.login(bob.email(), Api.PASSWORD)).string("access_token");
        List<Map<String, Object>> failed = api.get("/api/user/audit-events?action=login.failed", jwt).items();
        assertEquals(1, failed.size(), failed::toString);
        assertEquals("via: login", failed.get(0).get("details"));
    }

    @Test
    void signUpRefusesEverySpellingOfATakenAddressAndKeepsLookAlikesApart() {
        Api.Session bob = bob();
        for (String variant : sameAddress(bob.email())) {
            Reply again = api.signUp(variant);
            // a padded address may already fail validation; it must never become a second account
            assertTrue(again.status() == 409 || again.status() == 400, () -> variant + ": " + again);
        }
        String accented = Api.unique("jos\u00e9") + "@example.com";
        expect(201, api.signUp(accented));
        assertEquals(409, api.signUp(Normalizer.normalize(accented, Normalizer.Form.NFD)).status(), "NFD of a taken address");
        assertEquals(409, api.signUp(accented.toUpperCase()).status());

        String lookAlike = bob.email().replaceFirst("o", "ó");
        Reply other = api.post("/api/signup", null, body("email", lookAlike, "firstName", "Bób", "lastName", "Other",
                "password", OTHER_PASSWORD));
        assertEquals(201, other.status(), other::toString);
        assertNotEquals(bob.id(), other.string("id"));
        assertEquals(Normalizer.normalize(lookAlike, Normalizer.Form.NFC), other.string("email"));
        String jwt = expect(200, api.login(lookAlike, OTHER_PASSWORD)).string("access_token");
        assertEquals(other.string("id"), api.get("/api/user", jwt).string("id"));
        assertEquals(401, api.login(bob.email(), OTHER_PASSWORD).status());
        assertEquals(401, api.login(lookAlike, Api.PASSWORD).status());
    }

    @Test
    void inviteByEmailFindsTheExactAccountOnly() {
        Api.Session owner = api.newUser();
        Api.Workspace ws = api.createWorkspace(owner);
        Api.Session bob = bob();
        for (String variant : lookAlikes(bob.email())) {
            Reply added = api.post(Api.members(ws), owner.token(), body("email", variant, "role", "MEMBER"));
            assertTrue(added.status() == 404 || added.status() == 400, () -> variant + " added someone: " + added);
        }
        Reply added = expect(201, api.post(Api.members(ws), owner.token(),
                body("email", bob.email().toUpperCase(), "role", "MEMBER")));
        assertEquals(bob.id(), added.string("userId"));
    }

    @Test
    void workspaceSlugsAreLookedUpExactlyCaseAside() {
        Api.Session owner = api.newUser();
        String slug = Api.unique("acme");
        String id = expect(201, api.post("/api/workspaces", owner.token(), body("slug", slug, "name", "Acme"))).string("id");
        assertEquals(id, expect(200, api.get("/api/workspaces/" + slug.toUpperCase(), owner.token())).string("id"));
        List<String> lookAlikes = List.of(slug.replaceFirst("a", "%C3%A1"), slug.replaceFirst("a", "%EF%BD%81"),
                slug + "%20", slug + "%C2%A0", "%20" + slug, slug.replaceFirst("c", "%D1%81"));
        for (String variant : lookAlikes) {
            Reply got = api.get("/api/workspaces/" + variant, owner.token());
            assertEquals(404, got.status(), () -> variant + " found " + got);
        }
        // a slug is only ever one spelling, so a look-alike is refused at creation as well
        assertEquals(400, api.post("/api/workspaces", owner.token(),
                body("slug", slug.replaceFirst("a", "á"), "name", "Other")).status());
        assertEquals(409, api.post("/api/workspaces", owner.token(), body("slug", slug.toUpperCase(), "name", "Other")).status());
    }

    @Test
    void projectKeysHaveOneSpellingInAWorkspace() {
        Api.Session owner = api.newUser();
        Api.Workspace ws = api.createWorkspace(owner);
        expect(201, api.post(Api.projects(ws), owner.token(), body("key", "web", "name", "Web")));
        assertEquals(409, api.post(Api.projects(ws), owner.token(), body("key", " WEB ", "name", "Web")).status());
        assertEquals(400, api.post(Api.projects(ws), owner.token(), body("key", "wéb", "name", "Web")).status());
    }
}
