package dev.latchkey.app.reliability;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Password guessing slows down and is audited; sign-up and login are rate limited per address. */
@MicronautTest(transactional = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginProtectionTest extends ApiTest {
    private String email;
    private String jwt;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.rate-limits.enabled", "true");
        p.put("latchkey.rate-limits.login.capacity", "12");
        p.put("latchkey.rate-limits.login.period", "1h");
        p.put("latchkey.rate-limits.login.failures-per-account", "3");
        p.put("latchkey.rate-limits.signup.capacity", "3");
        p.put("latchkey.rate-limits.signup.period", "1h");
        return p;
    }

    @BeforeAll
    void anAccount() {
        email = Api.unique("guess") + "@example.com";
        expect(201, api.signUp(email));
        jwt = expect(200, api.login(email, Api.PASSWORD)).string("access_token");
    }

    @Test
    @Order(1)
    void afterAFewWrongPasswordsEvenTheRightOneIsRefusedAndTheOwnerSeesIt() {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, api.login(email, "wrong password " + i).status());
        }
        assertEquals(401, api.login(email, Api.PASSWORD).status(), "the account is throttled");
        Reply log = api.get("/api/user/audit-events", jwt);
        List<Object> actions = log.items().stream().map(e -> e.get("action")).toList();
        assertEquals(3, actions.stream().filter("login.failed"::equals).count(), actions.toString());
        assertTrue(actions.contains("login.throttled"), actions.toString());
        // an unknown account gets the same answer, so the answers say nothing about who exists
        assertEquals(401, api.login("nobody-" + email, "x").status());
    }

    @Test
    @Order(2)
    void loginAttemptsFromOneAddressAreRateLimited() {
        Reply last = null;
        for (int i = 0; i < 12 && (last == null || last.status() != 429); i++) {
            last = api.login(email, "still guessing " + i);
        }
        assertNotNull(last);
        assertEquals(429, last.status());
        assertTrue(last.contentType().startsWith("application/problem+json"));
        assertNotNull(last.headers().get("Retry-After"));
    }

    @Test
    @Order(3)
    void signUpsFromOneAddressAreRateLimited() {
        Reply last = null;
        for (int i = 0; i < 3 && (last == null || last.status() != 429); i++) {
            last = api.signUp(Api.unique("many") + "@example.com");
        }
        assertEquals(429, last.status(), last.toString());
        assertNotNull(last.headers().get("Retry-After"));
    }
}
