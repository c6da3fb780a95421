package dev.latchkey.directory.tokens;

import dev.latchkey.tokens.core.lifecycle.NewToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * The columns every kind's token table has, declared once and embedded in each kind's entity
 * ({@code @Relation(EMBEDDED) TokenColumns common}). Each column names itself: Micronaut Data would otherwise
 * prefix an embedded property with the embedding one ({@code common_token_hash}), and the tables
 * keep the names they had before the kinds shared this record.
 *
 * @param issuedAt when the current secret was minted: lifetime rules of the workspace policy count from here
 */
@Embeddable
public record TokenColumns(
        @MappedProperty("name") String name,
        @MappedProperty("note") @Nullable String note,
        @MappedProperty("token_hash") String tokenHash,
        @MappedProperty("hint") String hint,
        @MappedProperty("ip_restrictions") @Nullable String ipRestrictions,
        @MappedProperty("issued_at") Instant issuedAt,
        @MappedProperty("created_at") Instant createdAt,
        @MappedProperty("updated_at") Instant updatedAt,
        @MappedProperty("expires_at") @Nullable Instant expiresAt,
        @MappedProperty("last_used_at") @Nullable Instant lastUsedAt,
        @MappedProperty("last_used_ip") @Nullable String lastUsedIp,
        @MappedProperty("revoked_at") @Nullable Instant revokedAt,
        @MappedProperty("type_id") @Nullable String typeId,
        @MappedProperty("type_name") @Nullable String typeName) {

    /** A token's columns as the lifecycle mints it, of the token type chosen (both null for none). */
    public static TokenColumns of(NewToken f, @Nullable String typeId, @Nullable String typeName) {
        return new TokenColumns(f.name(), f.note(), f.secret().hash(), f.secret().hint(), f.ipRestrictions(),
                f.now(), f.now(), f.now(), f.expiresAt(), null, null, null, typeId, typeName);
    }

    /** A copy's columns: minted now as {@code f} says, of this token's type. */
    public TokenColumns copy(NewToken f) {
        return of(f, typeId, typeName);
    }

    /** A new secret issued at {@code now}: the issue time moves. */
    public TokenColumns withSecret(String hash, String newHint, @Nullable Instant newExpiresAt, Instant now) {
        return new TokenColumns(name, note, hash, newHint, ipRestrictions, now, createdAt, now, newExpiresAt,
                lastUsedAt, lastUsedIp, revokedAt, typeId, typeName);
    }

    public TokenColumns withDetails(String newName, @Nullable String newNote, @Nullable String newIps, Instant now) {
        return new TokenColumns(newName, newNote, tokenHash, hint, newIps, issuedAt, createdAt, now, expiresAt,
                lastUsedAt, lastUsedIp, revokedAt, typeId, typeName);
    }

    public TokenColumns revoked(Instant now) {
        return new TokenColumns(name, note, tokenHash, hint, ipRestrictions, issuedAt, createdAt, now, expiresAt,
                lastUsedAt, lastUsedIp, now, typeId, typeName);
    }

    /** The hash stays out of logs (a default toString would print it), and so does the name, which may hold a pasted secret. */
    @Override
    public String toString() {
        return "TokenColumns[hint=…" + hint + "]";
    }
}
