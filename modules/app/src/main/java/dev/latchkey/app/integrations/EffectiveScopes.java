package dev.latchkey.app.integrations;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.Resource;
import dev.latchkey.authz.Scope;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The introspection {@code scope}: every permission the token may use somewhere right now (its grant
 * ∩ what its subject holds), as the engine computes it on each resource either side names. Which
 * permission applies where is for {@code /api/authz/check} or forward-auth to say; the scope only
 * tells a resource server what it may expect at best.
 */
public final class EffectiveScopes {
    // a project no grant names: only "all projects" grants reach it, so it stands for "any project of the workspace"
    private static final UUID ANY_PROJECT = new UUID(0L, 0L);

    private EffectiveScopes() {
    }

    static String of(AuthorizationEngine engine, Principal principal) {
        return String.join(" ", held(engine, principal, null));
    }

    /**
     * The keys of every permission the principal may use somewhere, in catalogue order; with
     * {@code workspaceId}, only on that workspace, its projects and the principal's own user (what a
     * token limited to that workspace could use at best).
     */
    public static java.util.List<String> held(AuthorizationEngine engine, Principal principal,
                                              @io.micronaut.core.annotation.Nullable UUID workspaceId) {
        Set<Resource> candidates = new LinkedHashSet<>();
        principal.subjectRights().grants().forEach(g -> resourceOf(g).ifPresent(candidates::add));
        if (principal.isToken()) {
            principal.tokenCeiling().grants().forEach(g -> resourceOf(g).ifPresent(candidates::add));
        }
        EnumSet<Permission> effective = EnumSet.noneOf(Permission.class);
        for (Resource resource : candidates) {
            UUID in = workspaceOf(resource);
            if (workspaceId == null || in == null || workspaceId.equals(in)) {
                effective.addAll(engine.effective(principal, resource));
            }
        }
        return Permission.catalogue().stream().filter(effective::contains).map(Permission::key).toList();
    }

    /** The workspace a resource lies in; a user's own resource counts in every workspace. */
    private static UUID workspaceOf(Resource resource) {
        if (resource instanceof Resource.Workspace w) {
            return w.workspaceId();
        }
        if (resource instanceof Resource.Project p) {
            return p.workspaceId();
        }
        if (resource instanceof Resource.AllProjects a) {
            return a.workspaceId();
        }
        return null;
    }

    private static java.util.Optional<Resource> resourceOf(Grant grant) {
        Scope scope = grant.scope();
        if (scope instanceof Scope.Workspace w) {
            return java.util.Optional.of(new Resource.Workspace(w.workspaceId()));
        }
        if (scope instanceof Scope.AllProjects a) {
            return java.util.Optional.of(new Resource.Project(a.workspaceId(), ANY_PROJECT));
        }
        if (scope instanceof Scope.Project p) {
            return java.util.Optional.of(new Resource.Project(p.workspaceId(), p.projectId()));
        }
        if (scope instanceof Scope.User u) {
            return java.util.Optional.of(new Resource.User(u.userId()));
        }
        // a global grant names no resource; the other side's grants say where it counts
        return java.util.Optional.empty();
    }
}
