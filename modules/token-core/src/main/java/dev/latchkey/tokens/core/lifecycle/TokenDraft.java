package dev.latchkey.tokens.core.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * What a client asks for in the settings every kind shares; the grant comes separately.
 *
 * @param name       null lets the kind choose ({@link TokenKindPort#defaultName})
 * @param expiration a preset label, or null
 * @param expiresAt  an explicit expiry, or null; neither -> {@link TokenKindPort#defaultExpiration()}
 */
public record TokenDraft(String name, String note, List<String> ipRestrictions, String expiration, Instant expiresAt) {
}
