package dev.latchkey.directory.tokens;

import dev.latchkey.tokens.core.lifecycle.NewToken;
import dev.latchkey.tokens.core.lifecycle.TokenRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.beans.BeanIntrospection;

import java.time.Instant;
import java.util.UUID;

/**
 * A kind's stored token: its id, what the kind keeps (grant, subject) and the {@link TokenColumns}
 * every kind keeps, embedded. The lifecycle's view ({@link TokenRow}) and the changes it makes are
 * answered here once, from those columns; a kind's entity declares only its components. A record's
 * own toString is safe: {@link TokenColumns#toString} leaves out the hash and the name.
 */
public interface TokenEntity<T extends TokenEntity<T>> extends TokenRow<T> {
    TokenColumns common();

    /**
     * This token with other common columns, the rest unchanged: a copy made by the entity's
     * introspection (its canonical constructor), so no kind writes out its own copy.
     */
    @SuppressWarnings("unchecked")
    default T with(TokenColumns common) {
        BeanIntrospection<T> entity = BeanIntrospection.getIntrospection((Class<T>) getClass());
        return entity.getRequiredProperty("common", TokenColumns.class).withValue((T) this, common);
    }

    /** A new token with this one's grant and subject, under {@code f}'s id and with its common columns. */
    @SuppressWarnings("unchecked")
    default T copy(NewToken f) {
        BeanIntrospection<T> entity = BeanIntrospection.getIntrospection((Class<T>) getClass());
        return entity.getRequiredProperty("id", UUID.class).withValue((T) this, f.id()).with(common().copy(f));
    }

    @Override
    default String name() {
        return common().name();
    }

    @Override
    default String note() {
        return common().note();
    }

    @Override
    default String tokenHash() {
        return common().tokenHash();
    }

    @Override
    default String hint() {
        return common().hint();
    }

    @Override
    default String ipRestrictions() {
        return common().ipRestrictions();
    }

    @Override
    default Instant issuedAt() {
        return common().issuedAt();
    }

    @Override
    default Instant expiresAt() {
        return common().expiresAt();
    }

    @Override
    default Instant revokedAt() {
        return common().revokedAt();
    }

    default Instant createdAt() {
        return common().createdAt();
    }

    default Instant updatedAt() {
        return common().updatedAt();
    }

    default Instant lastUsedAt() {
        return common().lastUsedAt();
    }

    default String lastUsedIp() {
        return common().lastUsedIp();
    }

    default String typeId() {
        return common().typeId();
    }

    default String typeName() {
        return common().typeName();
    }

    @Override
    default T withSecret(String hash, String hint, @Nullable Instant expiresAt, Instant now) {
        return with(common().withSecret(hash, hint, expiresAt, now));
    }

    @Override
    default T withDetails(String name, @Nullable String note, @Nullable String ipRestrictions, Instant now) {
        return with(common().withDetails(name, note, ipRestrictions, now));
    }

    @Override
    default T revoked(Instant now) {
        return with(common().revoked(now));
    }
}
