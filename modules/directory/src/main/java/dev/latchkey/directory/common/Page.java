package dev.latchkey.directory.common;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One page of a list: {@code {"items":[...],"nextCursor":...}}. */
@Serdeable
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    /** Builds a page from rows fetched with {@link PageRequest#fetchSize()}. */
    public static <R, T> Page<T> of(List<R> rows, PageRequest request, Function<R, UUID> id, Function<R, T> view) {
        boolean more = rows.size() > request.limit();
        List<R> shown = more ? rows.subList(0, request.limit()) : rows;
        String next = more ? PageRequest.cursorFor(id.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
