package dev.latchkey.authz;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** Tests state permissions by their public keys, as the catalogue and the docs do. */
final class Keys {

    private Keys() {
    }

    static Set<Permission> of(String... keys) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Arrays.stream(keys).map(key -> Permission.fromKey(key)
                .orElseThrow(() -> new IllegalArgumentException("unknown permission " + key))).forEach(permissions::add);
        return permissions;
    }
}
