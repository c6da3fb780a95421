package dev.latchkey.directory.tokens;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A secret a rotation replaced, as stored: its hash (never the secret), its token, its grace. */
@MappedEntity("superseded_secrets")
public record SupersededSecret(@Id String tokenHash, String tokenKind, UUID tokenId, String hint, Instant supersededAt,
                               Instant validUntil) {
}
