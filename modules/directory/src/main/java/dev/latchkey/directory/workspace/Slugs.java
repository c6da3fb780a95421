package dev.latchkey.directory.workspace;

import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;

import java.util.Locale;
import java.util.regex.Pattern;

/** A slug is a URL segment that can never be mistaken for a workspace id. */
final class Slugs {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    private Slugs() {
    }

    static String requireValid(String slug) {
        String s = slug == null ? "" : slug.trim().toLowerCase(Locale.ROOT);
        if (!SLUG.matcher(s).matches()) {
            throw ProblemException.badRequest("slug",
                    "slug must be 1-40 lowercase letters, digits or inner hyphens");
        }
        if (Ids.parse(s).isPresent()) {
            throw ProblemException.badRequest("slug", "slug must not look like a workspace id");
        }
        return s;
    }
}
