package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IntrospectionHotPath}: what it answers itself (a busy token, for a client whose token is
 * busy too) is the route's own answer, and everything else is left to the route, which still reads
 * the form the filter read and goes on from where the filter stopped.
 */
@MicronautTest(transactional = false)
class IntrospectionHotPathTest extends HttpTestBase {
    private static final String INTROSPECT = "/oauth/introspect";

    @Inject
    IntrospectionHotPath hotPath;
    @Inject
    Router router;

    private Person ann;
    private Minted client;

    @BeforeAll
    void setUp() {
        ann = api.person();
        client = fx.mint(ann, List.of("user:read"));
    }

    /** A busy token: introspected once by the route, which keeps its facts with its cache entry. */
    private Minted busy(Map<String, Object> body) {
        Minted token = fx.mint(ann, body);
        assertEquals(true, introspect(token.secret(), client.bearer()).body().get("active"));
        return token;
    }

    private Reply introspect(String token, String authorization) {
        return fx.form(INTROSPECT, Map.of("token", token), authorization);
    }

    /** The request as the filter sees it on the server: the route the router matched is on it. */
    private MutableHttpRequest<String> routed(String path, String body, String authorization, MediaType type) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, body).contentType(type);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        UriRouteMatch<Object, Object> match = router.findClosest(request);
        if (match != null) {
            RouteAttributes.setRouteInfo(request, match.getRouteInfo());
        }
        return request;
    }

    private HttpResponse<?> filtered(String body, String authorization) {
        return hotPath.answerFromCache(routed(INTROSPECT, body, authorization, MediaType.APPLICATION_FORM_URLENCODED_TYPE), body);
    }

    @Test
    void aBusyTokenIsAnsweredBeforeTheRouteWithTheRoutesOwnAnswer() {
        Minted token = busy(Map.of("name", "busy", "scopes", List.of("projects:read", "user:read"), "expiration", "7d"));
        Reply byTheRoute = introspect(token.secret(), client.bearer());

        HttpResponse<?> answered = filtered("token=" + token.secret(), client.bearer());

        assertNotNull(answered, "a busy token for a busy client is answered by the filter");
        assertEquals(200, answered.code());
        assertEquals("no-store", answered.getHeaders().get(HttpHeaders.CACHE_CONTROL));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) answered.body();
        for (String field : List.of("active", "scope", "client_id", "username", "token_type", "sub", "jti", "workspace")) {
            assertEquals(byTheRoute.body().get(field), body.get(field), field);
        }
        assertEquals(((Number) byTheRoute.body().get("iat")).longValue(), ((Number) body.get("iat")).longValue());
        assertEquals(((Number) byTheRoute.body().get("exp")).longValue(), ((Number) body.get("exp")).longValue());
        assertEquals(token.id().toString(), body.get("jti"));
    }

    @Test
    void aRevokedBusyTokenIsInactiveOnTheHotPathAtOnce() {
        Minted token = busy(Map.of("name", "soon revoked", "scopes", List.of("user:read")));
        assertEquals(204, api.delete("/api/user/personal-access-tokens/" + token.id(), ann.bearer()).status());

        HttpResponse<?> answered = filtered("token=" + token.secret(), client.bearer());

        // answered from the caches or left to the route: either way the answer is inactive
        Object body = answered == null ? introspect(token.secret(), client.bearer()).body() : answered.body();
        assertEquals(Map.of("active", false), body);
    }

    @Test
    void everythingButAPlainFormFromABusyHeaderClientIsLeftToTheRoute() {
        Minted token = busy(Map.of("name", "left", "scopes", List.of("user:read")));
        String form = "token=" + token.secret();
        assertNotNull(filtered(form, client.bearer()), "the baseline is answered by the filter");

        // the client in the form (client_secret_post): judging it may need storage, and both ways at once is a 400
        assertNull(filtered(form + "&client_secret=" + client.secret(), null));
        assertNull(filtered(form + "&client_secret=" + client.secret(), client.bearer()));
        // a form the route binds differently or refuses
        assertNull(filtered(form + "&token=" + token.secret(), client.bearer()));
        assertNull(filtered("token=%zz", client.bearer()));
        // a session client, a client nobody has seen, no client
        assertNull(filtered(form, ann.bearer()));
        assertNull(filtered(form, "Bearer " + fx.mint(ann, List.of("user:read")).secret()));
        assertNull(filtered(form, null));
        // a token this node has not judged yet
        assertNull(filtered("token=" + fx.mint(ann, List.of("user:read")).secret(), client.bearer()));
        // not a form, or not the introspection route
        assertNull(hotPath.answerFromCache(routed(INTROSPECT, form, client.bearer(), MediaType.APPLICATION_JSON_TYPE), form));
        assertNull(hotPath.answerFromCache(routed("/oauth/revoke", form, client.bearer(),
                MediaType.APPLICATION_FORM_URLENCODED_TYPE), form));
    }

    @Test
    void whatTheFilterLeavesIsAnsweredByTheRouteFromWhereTheFilterStopped() {
        Minted token = busy(Map.of("name", "route", "scopes", List.of("user:read")));
        // the client is busy and judged by the filter; the token is not judged yet (resumed with nothing judged)
        Minted fresh = fx.mint(ann, List.of("user:read"));
        assertEquals(true, introspect(fresh.secret(), client.bearer()).body().get("active"));
        // the token is judged from the caches but its facts are not kept yet (resumed with the judgement)
        Minted used = fx.mint(ann, List.of("user:read"));
        assertEquals(200, api.get("/api/user", used.bearer()).status());
        Reply resumed = introspect(used.secret(), client.bearer());
        assertEquals(true, resumed.body().get("active"));
        assertEquals(used.id().toString(), resumed.string("jti"));
        // a session client and a client_secret_post client still read the form the filter read
        assertEquals(true, introspect(token.secret(), ann.bearer()).body().get("active"));
        assertEquals(true, fx.form(INTROSPECT, Map.of("token", token.secret(), "client_secret", client.secret()), null)
                .body().get("active"));
        assertEquals(400, fx.form(INTROSPECT, Map.of("token", token.secret(), "client_secret", client.secret()),
                client.bearer()).status());
    }

    @Test
    void aFormThatCannotBeDecodedIsA400NotA500OnEveryFormEndpoint() {
        for (String path : List.of(INTROSPECT, "/oauth/revoke")) {
            for (String body : List.of("token=%zz", "token=%", "token=%e", "token=a&token=b")) {
                Reply r = api.call(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                        .bearerAuth(client.secret()));
                assertEquals(400, r.status(), path + " " + body);
                assertEquals("urn:latchkey:problem:invalid-request", r.string("type"), path + " " + body);
                assertTrue(r.string("detail").contains("not a valid form"), r.string("detail"));
                assertTrue(!r.string("detail").contains("%"), "the body is not echoed: " + r.string("detail"));
            }
        }
    }

    @Test
    void theClientTokensExpiryHeaderIsOnTheFiltersAnswerAsOnTheRoutes() {
        Minted token = fx.mint(ann, Map.of("name", "expiry header", "scopes", List.of("user:read"), "expiration", "7d"));
        Reply byTheRoute = introspect(token.secret(), client.bearer());
        assertNotNull(filtered("token=" + token.secret(), client.bearer()), "the next one is answered by the filter");
        Reply byTheFilter = introspect(token.secret(), client.bearer());

        assertEquals(true, byTheFilter.body().get("active"));
        assertNotNull(byTheRoute.headers().get("X-Latchkey-Token-Expiration"), "the client token expires");
        assertEquals(byTheRoute.headers().get("X-Latchkey-Token-Expiration"),
                byTheFilter.headers().get("X-Latchkey-Token-Expiration"));
    }

    @Test
    void aFormTheTwoDecodersReadDifferentlyIsLeftToTheRoute() {
        Minted token = fx.mint(ann, Map.of("name", "only from 10/8", "scopes", List.of("user:read"),
                "ipRestrictions", List.of("10.0.0.0/8")));
        assertEquals(true, fx.form(INTROSPECT, Map.of("token", token.secret(), "client_ip", "10.1.1.1"), client.bearer())
                .body().get("active"));
        String form = "token=" + token.secret() + "&client_ip=10.1.1.1";
        assertNotNull(filtered(form, client.bearer()), "the baseline is answered by the filter");

        // a raw ';' separates fields for Micronaut's decoder, not for the route's: there it is one unknown token
        String smuggled = "token=" + token.secret() + ";client_ip=10.1.1.1";
        assertNull(filtered(smuggled, client.bearer()));
        assertEquals(Map.of("active", false), raw(smuggled, MediaType.APPLICATION_FORM_URLENCODED_TYPE).body());
        // Micronaut's decoder stops at 1024 fields unseen; the route refuses more than 128
        String junk = java.util.stream.IntStream.range(0, 1100).mapToObj(i -> "f" + i + "=1")
                .collect(java.util.stream.Collectors.joining("&"));
        String hidden = form + "&" + junk + "&client_ip=192.0.2.1";
        assertNull(filtered(hidden, client.bearer()));
        assertEquals(413, raw(hidden, MediaType.APPLICATION_FORM_URLENCODED_TYPE).status());
        // the body was read as text before its charset was looked at: a form in UTF-16 is the route's
        MediaType utf16 = new MediaType(MediaType.APPLICATION_FORM_URLENCODED, Map.of("charset", "UTF-16"));
        assertNull(hotPath.answerFromCache(routed(INTROSPECT, form, client.bearer(), utf16), form));
    }

    private Reply raw(String body, MediaType type) {
        return api.call(HttpRequest.POST(INTROSPECT, body).contentType(type).bearerAuth(client.secret()));
    }
}
