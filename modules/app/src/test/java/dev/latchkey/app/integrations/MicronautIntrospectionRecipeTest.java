package dev.latchkey.app.integrations;

import dev.latchkey.app.pat.PatClient.Person;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Micronaut-service recipe of docs/integrations.md, run as printed: its declarative client
 * introspects tokens at this server (the address from {@code latchkey.url}, as a service would be
 * configured), the short cache answers repeated questions, and a revoked token is refused once the
 * cache entry is gone. The doc's code block must be the recipe's source, so neither can drift.
 */
@MicronautTest(transactional = false)
class MicronautIntrospectionRecipeTest extends HttpTestBase {
    private static final int PORT = freePort();

    @Inject
    LatchkeyClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("micronaut.server.port", String.valueOf(PORT));
        p.put("latchkey.url", "http://127.0.0.1:" + PORT);
        return p;
    }

    @Test
    void theDocPrintsTheRecipeThisTestRuns() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/latchkey/app/integrations/LatchkeyTokens.java"));
        String recipe = source.substring(source.indexOf('\n', source.indexOf("// --- recipe ---")) + 1);
        assertEquals(recipe, DocConfig.read("micronaut-introspection").text());
    }

    @Test
    void aServiceIntrospectsWithTheRecipeAndItsCacheForgetsARevokedTokenWithinItsLifetime() {
        Person ann = api.person();
        Person service = api.person();
        Fixtures.Minted own = fx.mint(service, List.of("user:read"));
        Fixtures.Minted presented = fx.mint(ann, List.of("user:read"));
        LatchkeyTokens tokens = new LatchkeyTokens(client, own.secret());

        Optional<Map<String, Object>> active = tokens.active(presented.secret());
        assertTrue(active.isPresent(), "an active token");
        assertEquals("user:" + ann.id(), active.get().get("sub"));
        assertEquals("user:read", active.get().get("scope"));
        assertEquals(Optional.empty(), tokens.active("lk" + "p_nonsense"));

        assertEquals(200, fx.form("/oauth/revoke", Map.of("token", presented.secret()), presented.bearer()).status());
        // the recipe's point: for up to its TTL the cached answer stands (no call to Latchkey) ...
        assertTrue(tokens.active(presented.secret()).isPresent(), "answered from the 5 s cache");
        // ... and a fresh cache (or the same one after 5 s) asks again and is told the truth
        assertEquals(Optional.empty(), new LatchkeyTokens(client, own.secret()).active(presented.secret()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
