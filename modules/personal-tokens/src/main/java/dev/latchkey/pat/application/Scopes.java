package dev.latchkey.pat.application;

import dev.latchkey.authz.Permission;
import dev.latchkey.directory.common.ProblemException;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A PAT's scopes: catalogue permissions, stored space-separated in catalogue order. */
final class Scopes {
    private Scopes() {
    }

    static Set<Permission> parse(Collection<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw ProblemException.badRequest("scopes", "scopes must name at least one permission; GET /api/permissions lists them");
        }
        Set<Permission> scopes = EnumSet.noneOf(Permission.class);
        for (String key : keys) {
            scopes.add(Permission.fromKey(key).orElseThrow(() ->
                    ProblemException.badRequest("scopes", "unknown permission '" + key + "'; GET /api/permissions lists them")));
        }
        return scopes;
    }

    static String encode(Set<Permission> scopes) {
        return Permission.catalogue().stream().filter(scopes::contains).map(Permission::key)
                .collect(Collectors.joining(" "));
    }

    static Set<Permission> decode(String stored) {
        Set<Permission> scopes = EnumSet.noneOf(Permission.class);
        Arrays.stream(stored.split(" ")).filter(s -> !s.isEmpty())
                .forEach(k -> Permission.fromKey(k).ifPresent(scopes::add));
        return scopes;
    }

    static List<String> keys(String stored) {
        return decode(stored).stream().map(Permission::key).toList();
    }
}
