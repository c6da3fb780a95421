package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.UUID;

/** The latest use of one token seen by this node. */
public record LastUse(TokenKind kind, UUID tokenId, Instant at, String ip) {
}
