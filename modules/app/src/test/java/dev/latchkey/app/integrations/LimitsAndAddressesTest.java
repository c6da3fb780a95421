package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.app.security.LastUseFlusher;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small limits, a trusted proxy on loopback and a manual last-use flush: a context of its own. */
@MicronautTest(transactional = false)
class LimitsAndAddressesTest extends HttpTestBase {
    @Inject
    LastUseFlusher flusher;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("latchkey.rate-limits.enabled", "true");
        p.put("latchkey.rate-limits.introspection.capacity", "2");
        p.put("latchkey.rate-limits.introspection.period", "1h");
        p.put("latchkey.rate-limits.leak-reports.capacity", "1");
        p.put("latchkey.rate-limits.leak-reports.period", "1h");
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        p.put("latchkey.tokens.last-used-flush", "1h");
        return p;
    }

    private static void assertRateLimited(Reply r) {
        assertEquals(429, r.status());
        assertEquals("urn:latchkey:problem:rate-limited", r.string("type"));
        long retryAfter = Long.parseLong(r.headers().get("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
    }

    @Test
    void introspectionIsLimitedPerCaller() {
        Person ann = api.person();
        Person bob = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        Map<String, String> form = Map.of("token", token.secret());
        assertEquals(200, fx.form("/oauth/introspect", form, ann.bearer()).status());
        assertEquals(200, fx.form("/oauth/introspect", form, ann.bearer()).status());
        assertRateLimited(fx.form("/oauth/introspect", form, ann.bearer()));
        // another caller has a bucket of its own
        assertEquals(true, fx.form("/oauth/introspect", form, bob.bearer()).body().get("active"));
    }

    @Test
    void introspectionByATokenClientSpendsOneRequestWhereverItIsAnswered() {
        Person ann = api.person();
        Minted client = fx.mint(ann, List.of("user:read"));
        // the client's token is busy: IntrospectionHotPath judges it and spends the request; a token
        // the caches cannot answer for is then finished by the route, which must not spend it again
        assertEquals(200, api.get("/api/user", client.bearer()).status());
        Minted unseen = fx.mint(ann, List.of("user:read"));
        Minted used = fx.mint(ann, List.of("user:read"));
        assertEquals(200, api.get("/api/user", used.bearer()).status());
        assertEquals(true, fx.form("/oauth/introspect", Map.of("token", unseen.secret()), client.bearer()).body().get("active"));
        assertEquals(true, fx.form("/oauth/introspect", Map.of("token", used.secret()), client.bearer()).body().get("active"));
        // now both are busy, and the third request is refused by the filter as the route would
        assertRateLimited(fx.form("/oauth/introspect", Map.of("token", used.secret()), client.bearer()));
    }

    @Test
    void leakReportsAreLimitedPerClientAddress() {
        Map<String, Object> report = Map.of("tokens", List.of("nothing"), "source", "limits");
        Reply first = api.call(HttpRequest.POST("/api/tokens/leaks", report).header("X-Forwarded-For", "192.0.2.10"));
        assertEquals(202, first.status());
        assertRateLimited(api.call(HttpRequest.POST("/api/tokens/leaks", report).header("X-Forwarded-For", "192.0.2.10")));
        assertEquals(202, api.call(HttpRequest.POST("/api/tokens/leaks", report).header("X-Forwarded-For", "192.0.2.11")).status());
    }

    @Test
    void aUseFromAnotherAddressThanTheStoredOneIsRecordedAtFlushTime() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(200, api.call(HttpRequest.GET("/api/user").bearerAuth(token.secret())
                .header("X-Forwarded-For", "203.0.113.7")).status());
        flusher.flush();
        // the same address again is no news
        assertEquals(200, api.call(HttpRequest.GET("/api/user").bearerAuth(token.secret())
                .header("X-Forwarded-For", "203.0.113.7")).status());
        flusher.flush();
        assertTrue(fx.myEvents(ann, "?action=token.used_from_new_ip").isEmpty(), "a first use is not a change");

        assertEquals(200, api.call(HttpRequest.GET("/api/user").bearerAuth(token.secret())
                .header("X-Forwarded-For", "198.51.100.9")).status());
        flusher.flush();

        List<Map<String, Object>> events = fx.myEvents(ann, "?action=token.used_from_new_ip");
        assertEquals(1, events.size());
        assertEquals("198.51.100.9", events.get(0).get("ip"));
        assertTrue(((String) events.get(0).get("details")).contains("203.0.113.7"));
    }
}
