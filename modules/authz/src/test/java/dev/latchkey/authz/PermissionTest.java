package dev.latchkey.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PermissionTest {

    /** The catalogue as the design states it, in order. */
    private static final List<String> CATALOGUE = List.of(
            "workspace:read", "workspace:manage", "tokens:manage", "service-users:manage", "audit:read",
            "user:read",
            "projects:read", "project:manage", "repositories:read", "repositories:write", "pipelines:read",
            "pipelines:run", "pipelines:manage", "environments", "environments:manage", "environments:delete",
            "variables:read", "variables:manage", "webhooks:manage", "domains:manage", "integrations:manage",
            "documents", "documents:view-content", "documents:edit-content", "documents:edit-view",
            "documents:full", "releases", "releases:manage", "releases:deploy", "releases:delete", "branches",
            "branches:create", "branches:merge", "branches:delete",
            "self-rotate", "owner");

    static Stream<Arguments> directImplications() {
        return Stream.of(
                Arguments.of("workspace:read", Set.of()),
                Arguments.of("workspace:manage", Set.of("workspace:read")),
                Arguments.of("tokens:manage", Set.of()),
                Arguments.of("service-users:manage", Set.of()),
                Arguments.of("audit:read", Set.of()),
                Arguments.of("user:read", Set.of()),
                Arguments.of("projects:read", Set.of()),
                Arguments.of("project:manage", Set.of("projects:read")),
                Arguments.of("repositories:read", Set.of()),
                Arguments.of("repositories:write", Set.of("repositories:read")),
                Arguments.of("pipelines:read", Set.of()),
                Arguments.of("pipelines:run", Set.of("pipelines:read")),
                Arguments.of("pipelines:manage", Set.of("pipelines:run", "pipelines:read")),
                Arguments.of("environments", Set.of()),
                Arguments.of("environments:manage", Set.of("environments:delete", "environments")),
                Arguments.of("environments:delete", Set.of("environments")),
                Arguments.of("variables:read", Set.of()),
                Arguments.of("variables:manage", Set.of("variables:read")),
                Arguments.of("webhooks:manage", Set.of()),
                Arguments.of("domains:manage", Set.of()),
                Arguments.of("integrations:manage", Set.of()),
                Arguments.of("documents", Set.of()),
                Arguments.of("documents:view-content", Set.of("documents")),
                Arguments.of("documents:edit-content", Set.of("documents")),
                Arguments.of("documents:edit-view", Set.of("documents")),
                Arguments.of("documents:full", Set.of("documents:view-content", "documents:edit-content",
                        "documents:edit-view", "documents")),
                Arguments.of("releases", Set.of()),
                Arguments.of("releases:manage", Set.of("releases:deploy", "releases:delete", "releases")),
                Arguments.of("releases:deploy", Set.of("releases")),
                Arguments.of("releases:delete", Set.of("releases")),
                Arguments.of("branches", Set.of()),
                Arguments.of("branches:create", Set.of("branches")),
                Arguments.of("branches:merge", Set.of("branches")),
                Arguments.of("branches:delete", Set.of("branches")),
                Arguments.of("self-rotate", Set.of()),
                Arguments.of("owner", Set.copyOf(CATALOGUE.subList(0, CATALOGUE.size() - 2))));
    }

    static Stream<Arguments> closures() {
        return Stream.of(
                Arguments.of("pipelines:manage", Set.of("pipelines:manage", "pipelines:run", "pipelines:read")),
                Arguments.of("releases:manage", Set.of("releases:manage", "releases:deploy", "releases:delete", "releases")),
                Arguments.of("environments:manage", Set.of("environments:manage", "environments:delete", "environments")),
                Arguments.of("documents:full", Set.of("documents:full", "documents:view-content", "documents:edit-content",
                        "documents:edit-view", "documents")),
                Arguments.of("branches:merge", Set.of("branches:merge", "branches")),
                Arguments.of("workspace:manage", Set.of("workspace:manage", "workspace:read")),
                Arguments.of("tokens:manage", Set.of("tokens:manage")),
                Arguments.of("self-rotate", Set.of("self-rotate")),
                Arguments.of("owner", CATALOGUE.stream().filter(k -> !k.equals("self-rotate"))
                        .collect(java.util.stream.Collectors.toSet())));
    }

    @Test
    void theCatalogueListsEveryPermissionOnceInTheDesignedOrder() {
        assertEquals(CATALOGUE, Permission.catalogue().stream().map(Permission::key).toList());
    }

    @Test
    void theImplicationTableBelowCoversTheWholeCatalogue() {
        assertEquals(Set.copyOf(CATALOGUE),
                directImplications().map(arguments -> (String) arguments.get()[0]).collect(java.util.stream.Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0} directly implies {1}")
    @MethodSource("directImplications")
    void eachPermissionDirectlyImpliesExactlyWhatTheDesignStates(String key, Set<String> implied) {
        Permission permission = Permission.fromKey(key).orElseThrow();
        assertEquals(Keys.of(implied.toArray(String[]::new)), permission.implies());
    }

    @ParameterizedTest(name = "{0} expands to {1}")
    @MethodSource("closures")
    void aPermissionExpandsToItselfAndEverythingItImpliesTransitively(String key, Set<String> closure) {
        assertEquals(Keys.of(closure.toArray(String[]::new)), Permission.fromKey(key).orElseThrow().closure());
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void aClosureIsClosedUnderImplication(Permission permission) {
        assertTrue(permission.closure().contains(permission));
        for (Permission implied : permission.closure()) {
            assertTrue(permission.closure().containsAll(implied.implies()),
                    () -> permission.key() + " reaches " + implied.key() + " but not all it implies");
        }
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void apartFromOwnerNoPermissionImpliesOneOfAnotherLevel(Permission permission) {
        if (permission == Permission.OWNER) {
            return;
        }
        for (Permission implied : permission.closure()) {
            assertEquals(permission.level(), implied.level(), () -> permission.key() + " implies " + implied.key());
        }
    }

    @Test
    void nothingButOwnerImpliesOwner() {
        for (Permission permission : Permission.catalogue()) {
            assertEquals(permission == Permission.OWNER, permission.closure().contains(Permission.OWNER), permission.key());
        }
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void everyKeyLooksItsPermissionUpAndEveryPermissionHasADescription(Permission permission) {
        assertEquals(Optional.of(permission), Permission.fromKey(permission.key()));
        assertFalse(permission.description().isBlank());
        assertFalse(permission.description().contains("\n"));
    }

    @Test
    void lookingUpAKeyIsExactAndCaseSensitive() {
        assertEquals(Optional.empty(), Permission.fromKey("Pipelines:Run"));
        assertEquals(Optional.empty(), Permission.fromKey(" pipelines:run"));
        assertEquals(Optional.empty(), Permission.fromKey("pipelines"));
        assertEquals(Optional.empty(), Permission.fromKey("PIPELINES_RUN"));
    }

    @Test
    void theImpliedSetsCannotBeChangedByCallers() {
        assertThrows(UnsupportedOperationException.class, () -> Permission.PIPELINES_RUN.implies().add(Permission.OWNER));
        assertThrows(UnsupportedOperationException.class, () -> Permission.PIPELINES_RUN.closure().clear());
        assertThrows(UnsupportedOperationException.class, () -> Permission.catalogue().clear());
    }

    @Test
    void onlyOwnerAndSelfRotateAreMeaningfulOnEveryLevel() {
        assertEquals(EnumSet.of(Permission.SELF_ROTATE, Permission.OWNER), Permission.catalogue().stream()
                .filter(p -> p.level() == Level.ANY).collect(java.util.stream.Collectors.toCollection(() -> EnumSet.noneOf(Permission.class))));
    }
}
