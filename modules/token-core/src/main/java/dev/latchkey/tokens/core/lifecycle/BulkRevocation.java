package dev.latchkey.tokens.core.lifecycle;

import java.util.List;
import java.util.UUID;

/** What a revoke-many did: the ids it revoked (or found revoked), and those that are not the owner's. */
public record BulkRevocation(List<UUID> revoked, List<String> notFound) {
}
