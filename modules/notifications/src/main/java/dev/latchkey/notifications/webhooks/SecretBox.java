package dev.latchkey.notifications.webhooks;

import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Seals webhook signing secrets for storage: AES-256-GCM (the JDK's), under a key derived from the
 * token pepper (HMAC-SHA256(pepper, "latchkey webhook secrets")). Unlike a token, a signing secret
 * must be read back to sign, so it is encrypted, not hashed; a database dump alone does not reveal
 * it. Secrets sealed under an old pepper ({@code latchkey.tokens.old-peppers}) still open.
 */
@Singleton
public class SecretBox {
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<SecretKeySpec> keys;

    public SecretBox(SealingKeys keys) {
        this.keys = keys.peppers().stream().map(SecretBox::derive).toList();
    }

    /** Where the key material comes from: the current pepper first, then the old ones. */
    public interface SealingKeys {
        List<byte[]> peppers();
    }

    public String seal(String secret) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String open(String sealed) {
        byte[] all = Base64.getDecoder().decode(sealed);
        for (SecretKeySpec key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
                return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                // not this key: try the next (older) one
            }
        }
        throw new IllegalStateException("a webhook secret cannot be opened with the current or old peppers");
    }

    private static SecretKeySpec derive(byte[] pepper) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal("latchkey webhook secrets".getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
