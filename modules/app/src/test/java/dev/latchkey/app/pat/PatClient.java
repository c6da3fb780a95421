package dev.latchkey.app.pat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Short HTTP calls for the HTTP tests: status and JSON body,
 * never an exception on 4xx. Public so other test packages use it instead of a copy.
 */
public final class PatClient {
    public static final String PASSWORD = "correct horse battery staple";

    public record Reply(int status, Map<String, Object> body, HttpHeaders headers) {
        public String string(String key) {
            return (String) body.get(key);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) body.get("items");
        }
    }

    public record Person(String email, UUID id, String jwt) {
        public String bearer() {
            return "Bearer " + jwt;
        }
    }

    private final HttpClient client;

    public PatClient(HttpClient client) {
        this.client = client;
    }

    public Reply call(MutableHttpRequest<?> request) {
        try {
            HttpResponse<Map<String, Object>> r = client.toBlocking().exchange(request, Argument.mapOf(String.class, Object.class));
            return new Reply(r.code(), r.getBody().orElse(Map.of()), r.getHeaders());
        } catch (HttpClientResponseException e) {
            Map<String, Object> body = e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElse(Map.of());
            return new Reply(e.getStatus().getCode(), body, e.getResponse().getHeaders());
        }
    }

    public Reply get(String path, String authorization) {
        return call(withAuth(HttpRequest.GET(path), authorization));
    }

    public Reply post(String path, Object body, String authorization) {
        return call(withAuth(HttpRequest.POST(path, body), authorization));
    }

    public Reply post(String path, Object body, String authorization, UnaryOperator<MutableHttpRequest<?>> tweak) {
        return call(tweak.apply(withAuth(HttpRequest.POST(path, body), authorization)));
    }

    public Reply patch(String path, Object body, String authorization) {
        return call(withAuth(HttpRequest.PATCH(path, body), authorization));
    }

    public Reply put(String path, Object body, String authorization) {
        return call(withAuth(HttpRequest.PUT(path, body), authorization));
    }

    public Reply put(String path, Object body, String authorization, UnaryOperator<MutableHttpRequest<?>> tweak) {
        return call(tweak.apply(withAuth(HttpRequest.PUT(path, body), authorization)));
    }

    public Reply delete(String path, String authorization) {
        return call(withAuth(HttpRequest.DELETE(path), authorization));
    }

    public Person person() {
        String email = "pat-" + UUID.randomUUID() + "@example.com";
        Reply signup = post("/api/signup", Map.of("email", email, "firstName", "Pat", "lastName", "Tester",
                "password", PASSWORD), null);
        if (signup.status() != 201) {
            throw new IllegalStateException("signup failed: " + signup);
        }
        return new Person(email, UUID.fromString(signup.string("id")), login(email));
    }

    public String login(String email) {
        Reply login = post("/login", Map.of("username", email, "password", PASSWORD), null);
        return (String) login.body().get("access_token");
    }

    public String workspace(Person owner) {
        String slug = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        Reply r = post("/api/workspaces", Map.of("slug", slug, "name", "Workspace " + slug), owner.bearer());
        if (r.status() != 201) {
            throw new IllegalStateException("workspace failed: " + r);
        }
        return slug;
    }

    public String project(Person owner, String slug) {
        String key = "p" + UUID.randomUUID().toString().substring(0, 8);
        Reply r = post("/api/workspaces/" + slug + "/projects", Map.of("key", key, "name", "Project " + key), owner.bearer());
        if (r.status() != 201) {
            throw new IllegalStateException("project failed: " + r);
        }
        return r.string("id");
    }

    public Reply createToken(Person person, Map<String, Object> body) {
        return post("/api/user/personal-access-tokens", body, person.bearer());
    }

    public static MutableHttpRequest<?> withAuth(MutableHttpRequest<?> request, String authorization) {
        return authorization == null ? request : request.header(HttpHeaders.AUTHORIZATION, authorization);
    }

    /** A login JWT as if issued at {@code issuedAt}: a session older than the sudo window. */
    public static String jwtIssuedAt(Person person, Instant issuedAt) throws Exception {
        // a session id and the session epoch: a real login token carries both (SessionRulesTest)
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(person.id().toString())
                .jwtID(java.util.UUID.randomUUID().toString()).claim("sep", 0)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(Instant.now().plus(1, ChronoUnit.HOURS))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(TestDatabase.properties().get("latchkey.jwt.secret").getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
