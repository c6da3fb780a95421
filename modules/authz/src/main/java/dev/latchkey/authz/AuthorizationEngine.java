package dev.latchkey.authz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Answers "may this principal do this on that resource". Stateless: every input travels in the
 * request, so one instance serves all threads. The order of the steps is what decides the public
 * reason: an inapplicable question first, invisibility next (404 must not leak existence), then
 * the permission, where a token's refusal names the side (its grant or its subject) that refused.
 * How the steps work is described in {@code docs/permissions.md}.
 */
public final class AuthorizationEngine {
    private final DecisionListener listener;

    public AuthorizationEngine() {
        this(DecisionListener.NONE);
    }

    /** @param listener told of every decision {@link #check} makes (metrics); never changes it */
    public AuthorizationEngine(DecisionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public Decision check(CheckRequest request) {
        Decision decision = decide(request);
        listener.decided(decision);
        return decision;
    }

    private Decision decide(CheckRequest request) {
        Objects.requireNonNull(request, "request");
        Principal principal = request.principal();
        Permission permission = request.permission();
        Resource resource = request.resource();

        if (!permission.level().meaningfulAt(resource.level())) {
            return new Decision(false, Reason.NOT_APPLICABLE, permission, resource, null);
        }
        if (!reaches(principal, resource)) {
            return new Decision(false, Reason.NO_ACCESS, permission, resource, null);
        }
        Rights subject = principal.subjectRights();
        boolean subjectHolds = subject.holds(permission, resource);
        if (!principal.isToken()) {
            return subjectHolds
                    ? new Decision(true, Reason.ALLOWED, permission, resource, sourceOf(subject, permission, resource))
                    : new Decision(false, Reason.MISSING_PERMISSION, permission, resource, null);
        }
        Rights ceiling = principal.tokenCeiling();
        boolean ceilingHolds = ceiling.holds(permission, resource);
        if (subjectHolds && ceilingHolds) {
            return new Decision(true, Reason.ALLOWED, permission, resource, sourceOf(subject, permission, resource));
        }
        if (!ceilingHolds) {
            return new Decision(false, Reason.OUTSIDE_TOKEN_SCOPE, permission, resource, null);
        }
        return new Decision(false, Reason.SUBJECT_LACKS_RIGHT, permission, resource, sourceOf(ceiling, permission, resource));
    }

    public Explanation explain(CheckRequest request) {
        Decision decision = check(request);
        Principal principal = request.principal();
        Permission permission = request.permission();
        Resource resource = request.resource();
        List<String> trace = new ArrayList<>();

        trace.add("principal: " + principal.kind() + " for subject " + principal.subjectId()
                + (principal.isToken() ? " via token " + principal.tokenId() : ""));
        trace.add("question: " + permission.key() + " (" + permission.level() + " level) on " + resource);
        if (decision.reason() == Reason.NOT_APPLICABLE) {
            trace.add(permission.key() + " is a " + permission.level() + "-level permission and means nothing on a "
                    + resource.level() + " resource");
            trace.add(ending(decision));
            return new Explanation(decision, trace);
        }

        Rights subject = principal.subjectRights();
        describe(trace, "subject", subject, resource);
        Set<Permission> effective = subject.effectiveOn(resource);
        if (principal.isToken()) {
            Rights ceiling = principal.tokenCeiling();
            describe(trace, "token ceiling", ceiling, resource);
            EnumSet<Permission> both = copy(effective);
            both.retainAll(ceiling.effectiveOn(resource));
            effective = both;
            trace.add("effective (subject ∩ ceiling): " + effective);
        }
        trace.add(ending(decision));
        return new Explanation(decision, trace);
    }

    /**
     * Whether a token's own grant (its scopes or permissions, not its subject's roles) lists
     * {@code permission}: the rule for permissions about the token itself, such as
     * {@link Permission#SELF_ROTATE}, which no role implies. A login session never holds them.
     */
    public boolean tokenGrantHolds(Principal principal, Permission permission) {
        Objects.requireNonNull(principal, "principal");
        return principal.isToken() && principal.tokenCeiling().grants().stream()
                .anyMatch(g -> g.permissions().contains(permission));
    }

    /** Whether the resource is visible to the principal at all; a token sees only what its grant and its subject both reach. */
    public boolean reaches(Principal principal, Resource resource) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(resource, "resource");
        return principal.subjectRights().reaches(resource)
                && (!principal.isToken() || principal.tokenCeiling().reaches(resource));
    }

    /** What the principal may do on the resource, implications expanded; for token introspection. */
    public Set<Permission> effective(Principal principal, Resource resource) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(resource, "resource");
        if (!reaches(principal, resource)) {
            return Set.of();
        }
        EnumSet<Permission> result = copy(principal.subjectRights().effectiveOn(resource));
        if (principal.isToken()) {
            result.retainAll(principal.tokenCeiling().effectiveOn(resource));
        }
        return Collections.unmodifiableSet(result);
    }

    private static String sourceOf(Rights rights, Permission permission, Resource resource) {
        Grant grant = rights.supplying(permission, resource);
        return grant == null ? null : grant.source();
    }

    private static void describe(List<String> trace, String side, Rights rights, Resource resource) {
        List<Grant> applicable = rights.applicableTo(resource);
        if (applicable.isEmpty()) {
            trace.add(side + ": no grant applies to " + resource);
        }
        for (Grant grant : applicable) {
            trace.add(side + " grant \"" + grant.source() + "\" at " + grant.scope() + ": " + grant.permissions());
        }
        trace.add(side + " reaches " + resource + ": " + (rights.reaches(resource) ? "yes" : "no"));
        trace.add(side + " holds, expanded and limited to " + resource.level() + " level: " + rights.effectiveOn(resource));
    }

    private static String ending(Decision decision) {
        String permission = decision.permission().key();
        String why = switch (decision.reason()) {
            case ALLOWED -> permission + " is held, supplied by \"" + decision.grant() + "\"";
            case NO_ACCESS -> "the resource is not visible to this principal, so it is reported as not found";
            case MISSING_PERMISSION -> "the user can see the resource but does not hold " + permission;
            case OUTSIDE_TOKEN_SCOPE -> "the token's grant does not include " + permission;
            case SUBJECT_LACKS_RIGHT -> "the token's grant \"" + decision.grant() + "\" includes " + permission
                    + " but its subject does not hold it now";
            case NOT_APPLICABLE -> "the permission does not apply to this kind of resource";
        };
        return "decision: " + (decision.allowed() ? "allowed" : "denied") + " (" + decision.reason().code() + "): " + why;
    }

    private static EnumSet<Permission> copy(Set<Permission> permissions) {
        EnumSet<Permission> copy = EnumSet.noneOf(Permission.class);
        copy.addAll(permissions);
        return copy;
    }
}
