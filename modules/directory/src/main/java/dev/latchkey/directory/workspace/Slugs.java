package dev.latchkey.directory.workspace;

import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A slug is a URL segment that can never be mistaken for a workspace id. */
final class Slugs {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    private Slugs() {
    }

    /**
     * The slug a reference names, if it is spelled like one (case aside): a look-up never sends
     * anything else to the database, so no collation or padding rule can make "ácme" or "acme "
     * find acme.
     */
    static Optional<String> normalized(String ref) {
        String s = ref == null ? "" : ref.toLowerCase(Locale.ROOT);
        return SLUG.matcher(s).matches() ? Optional.of(s) : Optional.empty();
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
