package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth clients nobody here wrote: Spring Security's opaque-token introspector (RFC 7662 with
 * {@code client_secret_basic}) for every kind of token, and the form-posted client credential
 * ({@code client_secret_post}, as authlib sends it) on introspection and revocation.
 */
@MicronautTest(transactional = false)
class OAuthClientsTest extends HttpTestBase {
    @Inject
    EmbeddedServer server;

    private Person owner;
    private String ws;
    private Minted resourceServer;
    private String pat;
    private String workspaceToken;
    private String serviceToken;

    @BeforeAll
    void setUp() {
        owner = api.person();
        ws = api.workspace(owner);
        String project = api.project(owner, ws);
        resourceServer = fx.mint(owner, List.of("user:read"));
        pat = fx.mint(owner, Map.of("name", "api", "workspace", ws, "scopes", List.of("projects:read", "user:read"))).secret();
        workspaceToken = api.post("/api/workspaces/" + ws + "/tokens",
                Map.of("name", "ci", "grant", Map.of("projects", Map.of(project, "DEVELOPER"))), owner.bearer()).string("token");
        String serviceUser = api.post("/api/workspaces/" + ws + "/service-users",
                Map.of("firstName", "Deploy", "lastName", "Bot"), owner.bearer()).string("id");
        serviceToken = api.post("/api/users/service/" + serviceUser + "/personal-access-tokens",
                Map.of("note", "deploy", "permissions", List.of("releases:deploy"), "allProjects", true), owner.bearer())
                .string("token");
    }

    private OpaqueTokenIntrospector spring(String clientSecret) {
        return SpringOpaqueTokenIntrospector.withIntrospectionUri("http://127.0.0.1:" + server.getPort() + "/oauth/introspect")
                .clientId("orders-service").clientSecret(clientSecret).build();
    }

    private static Set<String> authorities(OAuth2AuthenticatedPrincipal principal) {
        return principal.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
    }

    @Test
    void springIntrospectsEveryKindOfToken() {
        OpaqueTokenIntrospector introspector = spring(resourceServer.secret());
        OAuth2AuthenticatedPrincipal personal = introspector.introspect(pat);
        assertEquals("user:" + owner.id(), personal.getName());
        assertEquals("personal", personal.getAttribute("token_type"));
        assertEquals(owner.email(), personal.getAttribute("username"));
        assertNotNull(personal.getAttribute("client_id"));
        assertTrue(authorities(personal).containsAll(Set.of("SCOPE_projects:read", "SCOPE_user:read")), authorities(personal).toString());
        assertTrue(personal.<Instant>getAttribute("iat").isBefore(Instant.now().plusSeconds(5)));

        OAuth2AuthenticatedPrincipal workspace = introspector.introspect(workspaceToken);
        assertTrue(workspace.getName().startsWith("workspace:"), workspace.getName());
        assertEquals(ws, workspace.getAttribute("username"));
        assertTrue(authorities(workspace).contains("SCOPE_pipelines:run"), authorities(workspace).toString());

        OAuth2AuthenticatedPrincipal service = introspector.introspect(serviceToken);
        assertTrue(service.getName().startsWith("service:"), service.getName());
        assertEquals("service", service.getAttribute("token_type"));
        assertTrue(authorities(service).contains("SCOPE_releases:deploy"), authorities(service).toString());
    }

    @Test
    void springSeesRevokedAndUnknownTokensAsInactive() {
        OpaqueTokenIntrospector introspector = spring(resourceServer.secret());
        for (Minted gone : List.of(fx.mint(owner, List.of("user:read")))) {
            assertEquals(200, fx.form("/oauth/revoke", Map.of("token", gone.secret()), gone.bearer()).status());
            assertThrows(BadOpaqueTokenException.class, () -> introspector.introspect(gone.secret()));
        }
        assertThrows(BadOpaqueTokenException.class, () -> introspector.introspect("lkw_" + "0".repeat(49)));
        assertThrows(BadOpaqueTokenException.class, () -> introspector.introspect("lks_" + "1".repeat(49)));
        assertThrows(BadOpaqueTokenException.class, () -> introspector.introspect("not a token"));
        // a client whose own credential is bad is refused, not told about tokens
        assertThrows(RuntimeException.class, () -> spring("lkp_" + "0".repeat(49)).introspect(pat));
    }

    @Test
    void theClientSecretMayBePostedInTheForm() {
        Reply r = fx.form("/oauth/introspect", Map.of("token", pat, "client_id", "orders-service",
                "client_secret", resourceServer.secret()), null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(true, r.body().get("active"));
        assertEquals("personal", r.body().get("token_type"));

        Reply bad = fx.form("/oauth/introspect", Map.of("token", pat, "client_id", "x", "client_secret", "lkp_" + "0".repeat(49)), null);
        assertEquals(401, bad.status());
        assertEquals(401, fx.form("/oauth/introspect", Map.of("token", pat), null).status());
        Reply both = fx.form("/oauth/introspect", Map.of("token", pat, "client_secret", resourceServer.secret()),
                resourceServer.bearer());
        assertEquals(400, both.status());
        assertEquals("client_secret", both.string("field"));
    }

    @Test
    void aTokenRevokesItselfWithItsSecretPostedAsTheClientSecret() {
        Minted self = fx.mint(owner, List.of("user:read"));
        Reply r = fx.form("/oauth/revoke", Map.of("token", self.secret(), "token_type_hint", "access_token",
                "client_id", "cli", "client_secret", self.secret()), null);
        assertEquals(200, r.status());
        assertEquals(Map.of("active", false), fx.form("/oauth/introspect", Map.of("token", self.secret()),
                resourceServer.bearer()).body());
        assertEquals(401, fx.form("/oauth/revoke", Map.of("token", pat), null).status());
    }
}
