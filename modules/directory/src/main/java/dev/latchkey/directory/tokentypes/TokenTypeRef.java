package dev.latchkey.directory.tokentypes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The type a token was made with, as every token view shows it: {@code {"id","name"}} or null. */
@Serdeable
public record TokenTypeRef(String id, String name) {
    public static @Nullable TokenTypeRef of(@Nullable String id, @Nullable String name) {
        return id == null ? null : new TokenTypeRef(id, name == null ? id : name);
    }
}
