package dev.latchkey.app.notifications;

import com.standardwebhooks.Webhook;
import dev.latchkey.notifications.webhooks.SecretBox;
import dev.latchkey.notifications.webhooks.WebhookSignatures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing secrets: their shape, our signature against the official library's, and their sealing at rest. */
class WebhookSecretsTest {
    private static final byte[] PEPPER = "a-pepper-long-enough-for-the-test-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD_PEPPER = "an-older-pepper-long-enough-for-the-test-987".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSecretIsWhsecAndThirtyTwoRandomBytes() {
        String one = WebhookSignatures.newSecret();
        String two = WebhookSignatures.newSecret();
        assertTrue(one.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(one.substring(6)).length);
        assertNotEquals(one, two);
    }

    @Test
    void ourSignatureIsTheOneTheOfficialLibraryComputes() throws Exception {
        String secret = WebhookSignatures.newSecret();
        String body = "{\"type\":\"token.created\",\"data\":{\"n\":\"é\"}}";
        assertEquals(new Webhook(secret).sign("msg_1", 1_700_000_000L, body),
                WebhookSignatures.sign(secret, "msg_1", 1_700_000_000L, body));
    }

    @Test
    void aSealedSecretOpensUnderTheCurrentOrAnOldPepperAndNothingElse() {
        String secret = WebhookSignatures.newSecret();
        SecretBox current = new SecretBox(() -> List.of(PEPPER));
        String sealed = current.seal(secret);
        assertFalse(sealed.contains(secret.substring(6)), "not stored in clear");
        assertNotEquals(sealed, current.seal(secret), "a fresh nonce each time");
        assertEquals(secret, current.open(sealed));

        SecretBox older = new SecretBox(() -> List.of(OLD_PEPPER));
        SecretBox rotated = new SecretBox(() -> List.of(PEPPER, OLD_PEPPER));
        assertEquals(secret, rotated.open(older.seal(secret)), "sealed before a pepper rotation");
        assertThrows(IllegalStateException.class, () -> current.open(older.seal(secret)));

        byte[] tampered = Base64.getDecoder().decode(sealed);
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> current.open(Base64.getEncoder().encodeToString(tampered)));
    }
}
