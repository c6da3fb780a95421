package dev.latchkey.app.governance;

import dev.latchkey.directory.common.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The inventory's filters, parsed from query parameters (or a bulk revoke's {@code filter} object)
 * strictly: an unknown name or a bad value is a 400 naming the field, so a typo never widens a
 * bulk revoke to every credential.
 */
record CredentialFilter(@Nullable String kind, @Nullable String state, @Nullable Integer expiringWithinDays,
                        @Nullable Integer unusedForDays, @Nullable Boolean neverExpires, @Nullable Boolean neverUsed,
                        @Nullable String q, @Nullable String sort) {
    static final Set<String> FILTERS = Set.of("kind", "state", "expiringWithinDays", "unusedForDays", "neverExpires",
            "neverUsed", "q");
    static final Set<String> KINDS = Set.of(CredentialRow.PERSONAL, CredentialRow.WORKSPACE, CredentialRow.SERVICE);
    static final Set<String> STATES = Set.of("active", "expired", "revoked", "pending", "denied", "excluded");
    static final Set<String> SORTS = Set.of("lastUsed", "-lastUsed", "expiry", "-expiry", "created", "-created");
    static final int MAX_DAYS = 36_500;
    static final int MAX_Q = 200;

    static final CredentialFilter NONE = new CredentialFilter(null, null, null, null, null, null, null, null);

    /**
     * @param values  name -> value as sent
     * @param allowed the names accepted besides the filters (paging, sorting)
     */
    static CredentialFilter parse(Map<String, String> values, Set<String> allowed, String prefix) {
        for (String name : values.keySet()) {
            if (!FILTERS.contains(name) && !allowed.contains(name)) {
                throw ProblemException.badRequest(prefix + name, "unknown filter '" + name + "'; known: "
                        + "kind, state, expiringWithinDays, unusedForDays, neverExpires, neverUsed, q"
                        + (allowed.isEmpty() ? "" : ", " + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
        return new CredentialFilter(
                oneOf(values, "kind", KINDS, prefix), oneOf(values, "state", STATES, prefix),
                days(values, "expiringWithinDays", prefix), days(values, "unusedForDays", prefix),
                bool(values, "neverExpires", prefix), bool(values, "neverUsed", prefix),
                text(values, prefix), oneOf(values, "sort", SORTS, prefix));
    }

    /** Whether the filter selects anything less than everything (a bulk revoke by an empty filter is refused). */
    boolean isEmpty() {
        return kind == null && state == null && expiringWithinDays == null && unusedForDays == null
                && neverExpires == null && neverUsed == null && q == null;
    }

    boolean matches(CredentialInventory.Credential c, Instant now) {
        CredentialRow r = c.row();
        if (kind != null && !kind.equals(r.kind())) {
            return false;
        }
        if (state != null && !state.equals(c.state())) {
            return false;
        }
        if (expiringWithinDays != null && (r.expiresAt() == null || !r.expiresAt().isAfter(now)
                || r.expiresAt().isAfter(now.plus(Duration.ofDays(expiringWithinDays))))) {
            return false;
        }
        if (unusedForDays != null && r.idleSince().isAfter(now.minus(Duration.ofDays(unusedForDays)))) {
            return false;
        }
        if (neverExpires != null && neverExpires != (r.expiresAt() == null)) {
            return false;
        }
        if (neverUsed != null && neverUsed != (r.lastUsedAt() == null)) {
            return false;
        }
        if (q != null) {
            String needle = q.toLowerCase(Locale.ROOT);
            return r.name().toLowerCase(Locale.ROOT).contains(needle) || r.id().toString().equals(needle)
                    || (r.ownerEmail() != null && r.ownerEmail().toLowerCase(Locale.ROOT).contains(needle));
        }
        return true;
    }

    /** The order asked for; nulls (never used, never expires) last either way; ties by id for a stable paging. */
    Comparator<CredentialInventory.Credential> order() {
        String s = sort == null ? "-created" : sort;
        boolean desc = s.startsWith("-");
        Comparator<Instant> instants = desc ? Comparator.reverseOrder() : Comparator.naturalOrder();
        java.util.function.Function<CredentialInventory.Credential, Instant> key = switch (s.replace("-", "")) {
            case "lastUsed" -> c -> c.row().lastUsedAt();
            case "expiry" -> c -> c.row().expiresAt();
            default -> c -> c.row().createdAt();
        };
        return Comparator.comparing(key, Comparator.nullsLast(instants))
                .thenComparing(c -> c.row().id());
    }

    private static String oneOf(Map<String, String> values, String name, Set<String> allowed, String prefix) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (!allowed.contains(v)) {
            throw ProblemException.badRequest(prefix + name, name + " must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    private static Integer days(Map<String, String> values, String name, String prefix) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            int days = Integer.parseInt(v.trim());
            if (days >= 0 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest(prefix + name, name + " must be a whole number of days, 0-" + MAX_DAYS);
    }

    private static Boolean bool(Map<String, String> values, String name, String prefix) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badRequest(prefix + name, name + " must be true or false");
        };
    }

    private static String text(Map<String, String> values, String prefix) {
        String v = values.get("q");
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > MAX_Q) {
            throw ProblemException.badRequest(prefix + "q", "q must be at most " + MAX_Q + " characters");
        }
        return v.trim();
    }
}
