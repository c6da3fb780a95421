package dev.latchkey.tokens.core;

import dev.latchkey.authz.Permission;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permissions a token carries (a PAT's scopes, a service token's permissions): catalogue
 * keys, stored space-separated in catalogue order so that equal grants read back equal. The same
 * parsing for every kind, so a key means the same thing whichever token it is written on.
 */
public final class PermissionList {
    private PermissionList() {
    }

    /**
     * @param field the request field the keys came from, named in the message
     * @throws InvalidTokenSettingsException if the list is empty or names a permission the
     *                                       catalogue does not have
     */
    public static Set<Permission> parse(String field, Collection<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new InvalidTokenSettingsException(field, field + " must name at least one permission; GET /api/permissions lists them");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String key : keys) {
            if (key == null) {
                throw new InvalidTokenSettingsException(field, field + " must not contain null");
            }
            permissions.add(Permission.fromKey(key).orElseThrow(() -> new InvalidTokenSettingsException(field,
                    field + ": unknown permission '" + echo(key) + "'; GET /api/permissions lists them")));
        }
        return permissions;
    }

    public static String encode(Set<Permission> permissions) {
        return Permission.catalogue().stream().filter(permissions::contains).map(Permission::key)
                .collect(Collectors.joining(" "));
    }

    /** Reads {@link #encode} back; a key no longer in the catalogue is dropped rather than failing the token. */
    public static Set<Permission> decode(String stored) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Arrays.stream(stored.split(" ")).filter(s -> !s.isEmpty())
                .forEach(k -> Permission.fromKey(k).ifPresent(permissions::add));
        return permissions;
    }

    /** The stored keys for display, in catalogue order. */
    public static List<String> keys(String stored) {
        return decode(stored).stream().map(Permission::key).toList();
    }

    /** Client input is cut so an error message stays a message. */
    private static String echo(String key) {
        return key == null ? "null" : TokenRedaction.echo(key, 64);
    }
}
