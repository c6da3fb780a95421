package dev.latchkey.app.integrations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

// The recipe "A Micronaut service: introspection with a short cache" of docs/integrations.md, as a
// service outside Latchkey would write it: MicronautIntrospectionRecipeTest checks that the doc
// prints exactly the code below this line, and runs it against the server.
// --- recipe ---
@Client("${latchkey.url}")
interface LatchkeyClient {
    @Post(value = "/oauth/introspect", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_FORM_URLENCODED)
    Map<String, Object> introspect(@Header("Authorization") String ownToken, String token);
}

@Singleton
class LatchkeyTokens {
    private final LatchkeyClient latchkey;
    private final String ownToken;
    // only the answer is kept, keyed by a hash: the cache never holds a presented secret
    private final Cache<String, Map<String, Object>> answers =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    LatchkeyTokens(LatchkeyClient latchkey, @Value("${latchkey.token}") String ownToken) {
        this.latchkey = latchkey;
        this.ownToken = "Bearer " + ownToken;
    }

    Optional<Map<String, Object>> active(String presented) {
        Map<String, Object> answer = answers.get(sha256(presented), k -> latchkey.introspect(ownToken, presented));
        return Boolean.TRUE.equals(answer.get("active")) ? Optional.of(answer) : Optional.empty();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
