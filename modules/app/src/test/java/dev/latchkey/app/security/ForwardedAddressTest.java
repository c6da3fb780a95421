package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue #12, class "the client chooses its own address past a trusted proxy": whatever the client
 * writes to the left of what the trusted proxies appended (another header line, RFC 7239 syntax,
 * garbage, unknown, obfuscated names) never becomes the address IP restrictions are checked against.
 */
@MicronautTest(transactional = false)
class ForwardedAddressTest extends ApiTest {
    /** 10.0.0.0/8 and the loopback peer are proxies. */
    private static final Predicate<String> TRUSTED = a -> a.startsWith("10.") || a.equals("127.0.0.1");
    private static final String PEER = "127.0.0.1";

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1,10.0.0.0/8");
        return p;
    }

    private static String xff(String... lines) {
        return ClientAddresses.resolve(PEER, List.of(lines), false, TRUSTED);
    }

    private static String forwarded(String... lines) {
        return ClientAddresses.resolve(PEER, List.of(lines), true, TRUSTED);
    }

    @Test
    void theRightMostUntrustedHopOfEveryLineIsTheClient() {
        assertEquals("127.0.0.1", xff());
        assertEquals("198.51.100.7", xff("198.51.100.7"));
        assertEquals("198.51.100.7", xff("203.0.113.66, 198.51.100.7"));
        assertEquals("198.51.100.7", xff("203.0.113.66, 198.51.100.7, 10.1.2.3"));
        // the forged value as a line of its own, before or after the proxy's line
        assertEquals("198.51.100.7", xff("203.0.113.66", "198.51.100.7"));
        assertEquals("198.51.100.7", xff("203.0.113.66", "198.51.100.7, 10.0.0.1"));
        assertEquals("198.51.100.7", xff("203.0.113.66", "198.51.100.7", "10.0.0.1"));
        // all proxies: the left-most hop
        assertEquals("10.9.9.9", xff("10.9.9.9, 10.0.0.1"));
    }

    @Test
    void hopsAreAddressesWithOrWithoutPortsInCanonicalForm() {
        assertEquals("198.51.100.7", xff("198.51.100.7:4711"));
        assertEquals("2001:db8::1", xff("2001:db8::1"));
        assertEquals("2001:db8::1", xff("2001:DB8:0:0::1"));
        assertEquals("2001:db8::1", xff("[2001:db8::1]"));
        assertEquals("2001:db8::1", xff("[2001:db8::1]:443"));
        assertEquals("2001:db8::1", xff("203.0.113.66,[2001:db8::1]:443 , 10.0.0.1"));
    }

    @Test
    void anUnparseableHopIsTheClientAndMatchesNothing() {
        for (String hop : List.of("unknown", "_hidden", "garbage", "", " ", "198.51.100.0/24", "198.51.100.*", "*",
                "198.51.100.7:99999", "198.51.100.7:x", "[198.51.100.7]", "[2001:db8::1", "2001:db8::1]:443",
                "0x7f.1", "127.1", "2130706433", "012.1.2.3", "example.com", "\"198.51.100.7\"", "198.51.100.7 1.2.3.4",
                "1.2.3.4;x", "1.2.3.4\u00a0")) {
            assertEquals(ClientAddresses.UNKNOWN, xff("203.0.113.66, " + hop), () -> "hop '" + hop + "'");
            assertEquals(ClientAddresses.UNKNOWN, xff("203.0.113.66, " + hop + ", 10.0.0.1"), () -> "hop '" + hop + "'");
            // a trusted-looking address to its left changes nothing: the walk stopped
            assertEquals(ClientAddresses.UNKNOWN, xff("10.0.0.2", hop), () -> "hop '" + hop + "'");
        }
        // to the left of the client, anything may stand
        assertEquals("198.51.100.7", xff("unknown, garbage, 198.51.100.7"));
    }

    @Test
    void rfc7239ForwardedIsReadTheSameWay() {
        assertEquals("198.51.100.7", forwarded("for=198.51.100.7"));
        assertEquals("198.51.100.7", forwarded("for=203.0.113.66, for=198.51.100.7;proto=https;by=10.0.0.1"));
        assertEquals("198.51.100.7", forwarded("for=203.0.113.66", "for=198.51.100.7"));
        assertEquals("198.51.100.7", forwarded("For=\"198.51.100.7:47011\""));
        assertEquals("2001:db8:cafe::17", forwarded("for=\"[2001:db8:cafe::17]:4711\""));
        assertEquals("2001:db8:cafe::17", forwarded("for=\"[2001:db8:cafe::17]\", for=10.0.0.1"));
        // unquoted IPv6 breaks RFC 7239's grammar but names one address unambiguously
        assertEquals("2001:db8::1", forwarded("for=2001:db8::1"));
        assertEquals("198.51.100.7", forwarded("proto=https;for=198.51.100.7;host=\"a,b;c\""));
        assertEquals("198.51.100.7", forwarded("for=203.0.113.66;host=\"x, for=1.2.3.4\", for=198.51.100.7"));
        for (String element : List.of("for=unknown", "for=_hidden", "for=\"_abc:_port\"", "proto=https",
                "for=\"[2001:db8::1]:99999\"", "for=", "garbage", "for=\"1.2.3.4")) {
            assertEquals(ClientAddresses.UNKNOWN, forwarded("for=203.0.113.66, " + element + ", for=10.0.0.1"),
                    () -> "element '" + element + "'");
        }
    }

    @Test
    void aPeerThatIsNoProxyIsTheClientWhateverItSends() {
        assertEquals("198.51.100.9", ClientAddresses.resolve("198.51.100.9", List.of("203.0.113.66"), false, TRUSTED));
        assertEquals("198.51.100.9", ClientAddresses.resolve("198.51.100.9", List.of("for=203.0.113.66"), true, TRUSTED));
    }

    @Test
    void aForgedLineDoesNotPassAnIpRestrictionOverHttp() {
        Api.Session ann = api.newUser();
        String secret = Api.expect(201, api.post("/api/user/personal-access-tokens", ann.token(),
                Api.body("name", Api.unique("fwd"), "scopes", List.of("user:read"),
                        "ipRestrictions", List.of("203.0.113.66")))).string("token");
        // the proxy (loopback) appended the real client 198.51.100.7; the client sent the allowed address
        for (List<String> lines : List.of(
                List.of("X-Forwarded-For: 203.0.113.66", "X-Forwarded-For: 198.51.100.7"),
                List.of("X-Forwarded-For: 203.0.113.66, 198.51.100.7"),
                List.of("X-Forwarded-For: 203.0.113.66", "X-Forwarded-For: unknown"),
                List.of("X-Forwarded-For: 203.0.113.66", "X-Forwarded-For: _obfuscated"),
                List.of("X-Forwarded-For: 203.0.113.66", "X-Forwarded-For: 203.0.113.0/24"),
                List.of("Forwarded: for=203.0.113.66", "X-Forwarded-For: 198.51.100.7"))) {
            List<String> request = new java.util.ArrayList<>(lines);
            request.add("Authorization: Bearer " + secret);
            RawHttp.Answer answer = RawHttp.send(server.getPort(), "GET", "/api/user", request, null);
            assertEquals(403, answer.status(), () -> lines + " -> " + answer);
        }
        List<String> allowed = List.of("X-Forwarded-For: 198.51.100.7", "X-Forwarded-For: 203.0.113.66",
                "Authorization: Bearer " + secret);
        assertEquals(200, RawHttp.send(server.getPort(), "GET", "/api/user", allowed, null).status());
    }

    @Test
    void aFailedLoginIsAuditedWithTheSameClientAddress() {
        Api.Session ann = api.newUser();
        String body = "{\"username\":\"" + ann.email() + "\",\"password\":\"wrong\"}";
        RawHttp.Answer failed = RawHttp.send(server.getPort(), "POST", "/login",
                List.of("X-Forwarded-For: 203.0.113.66", "X-Forwarded-For: 198.51.100.44"), body);
        assertEquals(401, failed.status());
        var events = Api.expect(200, api.get("/api/user/audit-events?action=login.failed", ann.token())).items();
        assertEquals(1, events.size(), events::toString);
        assertEquals("198.51.100.44", events.get(0).get("ip"));
    }

    @Test
    void theOperatorChoosesOneHeader() {
        org.junit.jupiter.api.Assertions.assertThrows(io.micronaut.context.exceptions.ConfigurationException.class,
                () -> new ClientAddresses(List.of("10.0.0.0/8"), "X-Real-IP"));
    }
}
