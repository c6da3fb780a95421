package dev.latchkey.directory.access;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Reason;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.common.ProblemException;
import jakarta.inject.Singleton;

import java.util.Collection;
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

    public Access(AuthorizationEngine engine) {
        this.engine = engine;
    }

    public Decision check(Caller caller, Permission permission, Resource resource) {
        return engine.check(new CheckRequest(caller.principal(), permission, resource));
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
     * them on that resource: granting never widens what the granter has.
     */
    public void requireMayGrant(Caller caller, Collection<Permission> permissions, Resource resource) {
        for (Permission permission : permissions) {
            Decision decision = check(caller, permission, resource);
            if (!decision.allowed()) {
                Map<String, Object> ext = new LinkedHashMap<>();
                ext.put("reason", "cannot_grant_unheld_permission");
                ext.put("missingPermission", permission.key());
                throw ProblemException.forbidden("cannot-grant",
                        "you cannot grant " + permission.key() + ": you do not hold it on this " + kind(resource), ext);
            }
        }
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

    private static String kind(Resource resource) {
        if (resource instanceof Resource.Project) {
            return "project";
        }
        if (resource instanceof Resource.User) {
            return "user";
        }
        return "workspace";
    }
}
