package dev.latchkey.directory.access;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Reason;
import dev.latchkey.authz.Resource;
import dev.latchkey.authz.Scope;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Spans;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one door from HTTP to the engine. Controllers and services ask here; nothing compares roles
 * itself. No access at all is a 404 (the caller may not even learn the thing exists); access
 * without the permission is a 403 naming it.
 */
@Singleton
public class Access {
    private final AuthorizationEngine engine;
    private final Spans spans;

    public Access(AuthorizationEngine engine, Spans spans) {
        this.engine = engine;
        this.spans = spans;
    }

    public Decision check(Caller caller, Permission permission, Resource resource) {
        return spans.check(engine, new CheckRequest(caller.principal(), permission, resource));
    }

    public boolean allows(Caller caller, Permission permission, Resource resource) {
        return check(caller, permission, resource).allowed();
    }

    public boolean reaches(Caller caller, Resource resource) {
        return engine.reaches(caller.principal(), resource);
    }

    public void requireReach(Caller caller, Resource resource) {
        if (!reaches(caller, resource)) {
            throw notFound(resource);
        }
    }

    /**
     * Refuses (403) a caller that is not a token whose own grant lists {@code permission} (see
     * {@link AuthorizationEngine#tokenGrantHolds}).
     */
    public void requireTokenGrant(Caller caller, Permission permission) {
        if (!engine.tokenGrantHolds(caller.principal(), permission)) {
            throw ProblemException.forbidden("missing-permission", "only a token whose grant lists "
                    + permission.key() + " may do this", java.util.Map.of("reason", "missing_permission",
                    "permission", permission.key()));
        }
    }

    public Decision require(Caller caller, Permission permission, Resource resource) {
        Decision decision = check(caller, permission, resource);
        if (decision.allowed()) {
            return decision;
        }
        if (decision.reason() == Reason.NO_ACCESS) {
            throw notFound(resource);
        }
        throw forbidden(decision);
    }

    /**
     * Whoever hands out rights (to a member, a workspace token, a service token) must hold each of
     * them on that resource: granting never widens what the granter has. A permission about the
     * token itself ({@link Permission#aboutTheTokenItself()}, self-rotate) reaches no resource, so it
     * is not asked for.
     */
    public void requireMayGrant(Caller caller, Collection<Permission> permissions, Resource resource) {
        requireMayGrant(caller, permissions, resource, null);
    }

    /**
     * The same rule, for permissions the caller did not list but chose by name (a token type): the
     * refusal is then a 400 naming {@code field}, the request field that chose them, with the same
     * {@code reason} and {@code missingPermission}.
     */
    public void requireMayGrant(Caller caller, Collection<Permission> permissions, Resource resource,
                                @Nullable String field) {
        for (Permission permission : permissions) {
            if (permission.aboutTheTokenItself()) {
                continue;
            }
            Decision decision = check(caller, permission, resource);
            if (!decision.allowed()) {
                Map<String, Object> ext = new LinkedHashMap<>();
                ext.put("reason", "cannot_grant_unheld_permission");
                ext.put("missingPermission", permission.key());
                String detail = "you cannot grant " + permission.key() + ": you do not hold it " + where(resource);
                if (field != null) {
                    ext.put("field", field);
                    throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", field + ": " + detail, ext);
                }
                throw ProblemException.forbidden("cannot-grant", detail, ext);
            }
        }
    }

    /**
     * The grant rule, for every path that hands out or takes away rights (members, workspace tokens,
     * service tokens): the caller must hold every permission of every grant on the grant's scope. A
     * grant on all projects is checked on {@link Resource.AllProjects}, held only through rights on
     * every project present and future, so a caller limited to some projects cannot hand it out.
     */
    public void requireMayGrant(Caller caller, Collection<Grant> grants) {
        requireMayGrant(caller, grants, null);
    }

    /** {@link #requireMayGrant(Caller, Collection)} for grants chosen by the request field {@code field} (400 naming it). */
    public void requireMayGrant(Caller caller, Collection<Grant> grants, @Nullable String field) {
        for (Grant grant : grants) {
            requireMayGrant(caller, grant.permissions(), resourceOf(grant.scope()), field);
        }
    }

    /**
     * Changing what someone holds from {@code before} to {@code after}: at every scope where the two
     * differ the caller must be able to grant both what is taken away and what is handed out, so
     * nobody removes, lowers or raises rights above what they could grant themselves.
     */
    public void requireMayChange(Caller caller, Collection<Grant> before, Collection<Grant> after) {
        Map<Scope, Set<Permission>> old = byScope(before);
        Map<Scope, Set<Permission>> now = byScope(after);
        Set<Scope> scopes = new LinkedHashSet<>(old.keySet());
        scopes.addAll(now.keySet());
        for (Scope scope : scopes) {
            Set<Permission> was = old.getOrDefault(scope, Set.of());
            Set<Permission> will = now.getOrDefault(scope, Set.of());
            if (!was.equals(will)) {
                requireMayGrant(caller, was, resourceOf(scope));
                requireMayGrant(caller, will, resourceOf(scope));
            }
        }
    }

    private static Map<Scope, Set<Permission>> byScope(Collection<Grant> grants) {
        Map<Scope, Set<Permission>> result = new LinkedHashMap<>();
        for (Grant grant : grants) {
            result.computeIfAbsent(grant.scope(), s -> EnumSet.noneOf(Permission.class)).addAll(grant.permissions());
        }
        return result;
    }

    /** What to ask about for a grant's scope; a global grant is never handed out by anyone. */
    private static Resource resourceOf(Scope scope) {
        if (scope instanceof Scope.Workspace w) {
            return new Resource.Workspace(w.workspaceId());
        }
        if (scope instanceof Scope.AllProjects a) {
            return new Resource.AllProjects(a.workspaceId());
        }
        if (scope instanceof Scope.Project p) {
            return new Resource.Project(p.workspaceId(), p.projectId());
        }
        if (scope instanceof Scope.User u) {
            return new Resource.User(u.userId());
        }
        throw new IllegalArgumentException("a grant on " + scope + " cannot be handed out");
    }

    public static ProblemException notFound(Resource resource) {
        return ProblemException.notFound(kind(resource) + " not found");
    }

    public static ProblemException forbidden(Decision decision) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("reason", decision.reason().code());
        ext.put("missingPermission", decision.permission().key());
        String detail = switch (decision.reason()) {
            case OUTSIDE_TOKEN_SCOPE -> "this token's grant does not include " + decision.permission().key();
            case SUBJECT_LACKS_RIGHT -> "the token's owner does not currently hold " + decision.permission().key();
            default -> "missing permission " + decision.permission().key();
        };
        return ProblemException.forbidden("forbidden", detail, ext);
    }

    private static String where(Resource resource) {
        return resource instanceof Resource.AllProjects ? "on every project of this workspace, present and future"
                : "on this " + kind(resource);
    }

    private static String kind(Resource resource) {
        if (resource instanceof Resource.Project) {
            return "project";
        }
        if (resource instanceof Resource.AllProjects) {
            return "workspace";
        }
        if (resource instanceof Resource.User) {
            return "user";
        }
        return "workspace";
    }
}
