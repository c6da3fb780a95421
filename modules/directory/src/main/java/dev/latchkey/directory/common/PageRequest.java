package dev.latchkey.directory.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * A validated {@code ?limit=&cursor=} pair. The cursor is the opaque form of the last id of the
 * previous page; ids are time-ordered, so pages follow creation order.
 */
public record PageRequest(int limit, UUID after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final UUID START = new UUID(0L, 0L);

    public static PageRequest of(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest(size, START);
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return new PageRequest(size, Ids.parse(decoded).orElseThrow(IllegalArgumentException::new));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "cursor is not one this server handed out");
        }
    }

    public static String cursorFor(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Fetch one more than asked, to know whether a next page exists. */
    public int fetchSize() {
        return limit + 1;
    }
}
