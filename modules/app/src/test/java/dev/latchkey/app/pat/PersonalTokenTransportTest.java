package dev.latchkey.app.pat;

import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A server that sits behind a proxy on loopback and has switched the query parameter on. */
@MicronautTest(transactional = false)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class PersonalTokenTransportTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("latchkey.auth.query-parameter", "true");
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        return p;
    }

    private String restrictedToken(PatClient api, Person ann) {
        return api.createToken(ann, Map.of("name", "behind proxy", "scopes", List.of("user:read"),
                "ipRestrictions", List.of("203.0.113.0/24"))).string("token");
    }

    @Test
    void theAccessTokenQueryParameterWorksWhenSwitchedOn() {
        PatClient api = new PatClient(http);
        Person ann = api.person();
        String token = api.createToken(ann, Map.of("name", "q", "scopes", List.of("user:read"))).string("token");
        assertEquals(200, api.call(HttpRequest.GET("/api/user?access_token=" + token)).status());
    }

    @Test
    void theSessionQueryParameterIsAnAliasUnderTheSameSwitchAndNeverReachesTheLog() {
        PatClient api = new PatClient(http);
        Person ann = api.person();
        String token = api.createToken(ann, Map.of("name", "q", "scopes", List.of("user:read"))).string("token");
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        root.addAppender(log);
        List<String> secrets = new java.util.ArrayList<>(List.of(token));
        try {
            assertEquals(200, api.call(HttpRequest.GET("/api/user?session=" + token)).status());
            assertEquals(200, api.call(HttpRequest.GET("/api/user?access_token=" + token)).status());
            // an unknown token of the right shape, and a revoked one, are refused and may be logged: never as text
            String unknown = token.substring(0, token.length() - 4) + "AAAA";
            secrets.add(unknown);
            assertEquals(401, api.call(HttpRequest.GET("/api/user?session=" + unknown)).status());
            String id = api.createToken(ann, Map.of("name", "r", "scopes", List.of("user:read"))).string("id");
            String revoked = api.call(HttpRequest.POST("/api/user/personal-access-tokens/" + id + "/regenerate", Map.of())
                    .bearerAuth(ann.jwt())).string("token");
            assertEquals(204, api.call(HttpRequest.DELETE("/api/user/personal-access-tokens/" + id)
                    .bearerAuth(ann.jwt())).status());
            secrets.add(revoked);
            assertEquals(401, api.call(HttpRequest.GET("/api/user?session=" + revoked)).status());
        } finally {
            root.detachAppender(log);
        }
        for (String presented : secrets) {
            String secretPart = presented.substring(presented.length() - 20);
            for (ch.qos.logback.classic.spi.ILoggingEvent e : log.list) {
                String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
                assertFalse(line.contains(secretPart), "a log line holds a token: " + line);
            }
        }
    }

    @Test
    void theForwardedAddressOfATrustedProxyIsTheClientAddress() {
        PatClient api = new PatClient(http);
        Person ann = api.person();
        String token = restrictedToken(api, ann);
        assertEquals(200, api.call(HttpRequest.GET("/api/user").bearerAuth(token)
                .header("X-Forwarded-For", "203.0.113.7")).status());
        PatClient.Reply outside = api.call(HttpRequest.GET("/api/user").bearerAuth(token)
                .header("X-Forwarded-For", "198.51.100.1"));
        assertEquals(403, outside.status());
        assertEquals("ip_not_allowed", outside.string("reason"));
        // a client cannot prepend an allowed address: the right-most untrusted hop counts
        assertEquals(403, api.call(HttpRequest.GET("/api/user").bearerAuth(token)
                .header("X-Forwarded-For", "203.0.113.7, 198.51.100.1")).status());
    }
}
