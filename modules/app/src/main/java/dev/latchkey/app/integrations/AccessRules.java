package dev.latchkey.app.integrations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.authz.Permission;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.project.Project;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.directory.tokens.TokenSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A workspace's access rules: which permission a request that a proxy forwards to
 * {@code /api/auth/forward} needs. Managed by those who manage the workspace, readable by its
 * members; every change is audited. {@link #requirement} picks the most specific matching rule
 * (deny by default: no rule, no requirement). Rules are cached per node for
 * {@code latchkey.tokens.cache-ttl}; a change made on this node applies here at once.
 */
@Singleton
class AccessRules {
    static final int MAX_RULES = 200;
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?");

    /** What a client asks a rule to be; on update a null field keeps its value (an empty host clears it). */
    record RuleCommand(@Nullable List<String> methods, @Nullable String host, @Nullable String path,
                       @Nullable String permission) {
    }

    /** A rule ready to match. */
    record Compiled(AccessRule row, Set<String> methods, @Nullable String host, PathPattern path, Permission permission) {
        boolean admits(String method, @Nullable String requestHost) {
            return (methods.isEmpty() || methods.contains(method)) && (host == null || host.equals(requestHost(requestHost)));
        }

        private String requestHost(@Nullable String requestHost) {
            if (requestHost == null) {
                return null;
            }
            String h = requestHost.trim().toLowerCase(Locale.ROOT);
            int colon = h.lastIndexOf(':');
            // a rule without a port matches the host on any port
            return host.indexOf(':') < 0 && colon > 0 && h.indexOf(']') < colon ? h.substring(0, colon) : h;
        }

        int[] specificity() {
            int[] path = this.path.specificity();
            return new int[] {path[0], path[1], path[2], host == null ? 0 : 1, methods.isEmpty() ? 0 : 1};
        }
    }

    /** The permission a forwarded request needs, and the project its path names (key or id), if any. */
    record Requirement(Permission permission, @Nullable String project) {
    }

    private static final Comparator<Compiled> MOST_SPECIFIC_FIRST = Comparator
            .<Compiled, int[]>comparing(Compiled::specificity, Arrays::compare).reversed();

    private final AccessRuleRepository rules;
    private final Workspaces workspaces;
    private final Projects projects;
    private final AuditTrail audit;
    private final AfterCommit afterCommit;
    private final Clock clock;
    private final Cache<UUID, List<Compiled>> cache;
    private final Cache<String, Optional<UUID>> projectKeys;

    AccessRules(AccessRuleRepository rules, Workspaces workspaces, Projects projects, AuditTrail audit,
                AfterCommit afterCommit, Clock clock, TokenSettings settings) {
        Duration ttl = settings.cacheTtl();
        this.rules = rules;
        this.workspaces = workspaces;
        this.projects = projects;
        this.audit = audit;
        this.afterCommit = afterCommit;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).recordStats().build();
        this.projectKeys = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).recordStats().build();
        afterCommit.monitor("access-rules", cache);
        afterCommit.monitor("access-rule-projects", projectKeys);
    }

    List<AccessRule> list(Caller caller, String ws) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_READ);
        return rules.findByWorkspaceIdOrderById(workspace.id());
    }

    AccessRule get(Caller caller, String ws, String id) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_READ);
        return find(workspace, id);
    }

    @Transactional
    AccessRule create(Caller caller, String ws, RuleCommand command) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        if (rules.countByWorkspaceId(workspace.id()) >= MAX_RULES) {
            throw ProblemException.conflict("a workspace has at most " + MAX_RULES + " access rules");
        }
        var now = Times.now(clock);
        AccessRule row = validated(new AccessRule(Ids.newId(), workspace.id(), joinMethods(command.methods()),
                blankToNull(command.host()), command.path(), command.permission(), now, now));
        AccessRule saved = rules.save(row);
        changed(caller, AuditAction.ACCESS_RULE_CREATED, saved);
        return saved;
    }

    @Transactional
    AccessRule update(Caller caller, String ws, String id, RuleCommand command) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        AccessRule old = find(workspace, id);
        AccessRule row = validated(new AccessRule(old.id(), old.workspaceId(),
                command.methods() == null ? old.methods() : joinMethods(command.methods()),
                command.host() == null ? old.host() : blankToNull(command.host()),
                command.path() == null ? old.path() : command.path(),
                command.permission() == null ? old.permission() : command.permission(),
                old.createdAt(), Times.now(clock)));
        AccessRule saved = rules.update(row);
        changed(caller, AuditAction.ACCESS_RULE_UPDATED, saved);
        return saved;
    }

    @Transactional
    void delete(Caller caller, String ws, String id) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        AccessRule old = find(workspace, id);
        rules.deleteByWorkspaceIdAndId(workspace.id(), old.id());
        changed(caller, AuditAction.ACCESS_RULE_DELETED, old);
    }

    /**
     * What a request forwarded for this workspace needs: the most specific rule matching its method,
     * host and path decides; none matching (or a path that is not canonical) is empty, a denial.
     *
     * @param fromCache read only this node's cache of the rules ({@link ForwardAuth.NotCached} if they are not there)
     */
    Optional<Requirement> requirement(UUID workspaceId, String method, @Nullable String host, String path, boolean fromCache) {
        Optional<List<String>> segments = PathPattern.requestSegments(path);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        String m = method.trim().toUpperCase(Locale.ROOT);
        List<Compiled> compiled = fromCache ? cache.getIfPresent(workspaceId) : cache.get(workspaceId, this::load);
        if (compiled == null) {
            throw new ForwardAuth.NotCached();
        }
        for (Compiled rule : compiled) {
            if (rule.admits(m, host)) {
                Optional<PathPattern.Match> match = rule.path().match(segments.get());
                if (match.isPresent()) {
                    return Optional.of(new Requirement(rule.permission(), match.get().project()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A captured project (key or id) as the id of a project of this workspace, if there is one.
     *
     * @param fromCache read only this node's cache ({@link ForwardAuth.NotCached} if the key is not there)
     */
    Optional<UUID> projectOf(UUID workspaceId, String captured, boolean fromCache) {
        Optional<UUID> id = Ids.parse(captured);
        if (id.isPresent()) {
            return id; // ForwardAuth checks that the project is in the workspace
        }
        String key = workspaceId + "/" + captured.toLowerCase(Locale.ROOT);
        Optional<UUID> found = fromCache ? projectKeys.getIfPresent(key)
                : projectKeys.get(key, k -> projects.findInWorkspaceByKey(workspaceId, captured).map(Project::id));
        if (found == null) {
            throw new ForwardAuth.NotCached();
        }
        return found;
    }

    private List<Compiled> load(UUID workspaceId) {
        return rules.findByWorkspaceIdOrderById(workspaceId).stream()
                .map(AccessRules::compile)
                .sorted(MOST_SPECIFIC_FIRST) // stable: among equals the oldest rule wins
                .toList();
    }

    private static Compiled compile(AccessRule row) {
        Set<String> methods = row.methods() == null ? Set.of() : Set.of(row.methods().split(","));
        Permission permission = Permission.fromKey(row.permission())
                .orElseThrow(() -> new IllegalStateException("stored access rule with unknown permission"));
        return new Compiled(row, methods, row.host(), PathPattern.parse(row.path()), permission);
    }

    private static AccessRule validated(AccessRule row) {
        if (row.host() != null && !HOST.matcher(row.host()).matches()) {
            throw ProblemException.badRequest("host", "host must be a lower-case host name, optionally with :port, or null for any");
        }
        PathPattern path = PathPattern.parse(row.path());
        if (row.permission() == null) {
            throw ProblemException.badRequest("permission", "permission is required; GET /api/permissions lists them");
        }
        Permission permission = Permission.fromKey(row.permission()).orElseThrow(() -> ProblemException.badRequest(
                "permission", "unknown permission; GET /api/permissions lists them"));
        if (permission.level() == dev.latchkey.authz.Level.PROJECT && !path.capturesProject()) {
            throw ProblemException.badRequest("path", permission.key()
                    + " is a project permission: the path must capture {project}");
        }
        return row;
    }

    private static @Nullable String joinMethods(@Nullable List<String> methods) {
        if (methods == null || methods.isEmpty()) {
            return null;
        }
        Set<String> upper = new LinkedHashSet<>();
        for (String method : methods) {
            String m = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(m)) {
                throw ProblemException.badRequest("methods", "methods are among " + String.join(", ",
                        METHODS.stream().sorted().toList()) + "; [] or null = any");
            }
            upper.add(m);
        }
        return String.join(",", upper);
    }

    private static @Nullable String blankToNull(@Nullable String host) {
        return host == null || host.isBlank() ? null : host.trim().toLowerCase(Locale.ROOT);
    }

    private AccessRule find(Workspace workspace, String id) {
        return Ids.parse(id).flatMap(rid -> rules.findByWorkspaceIdAndId(workspace.id(), rid))
                .orElseThrow(() -> ProblemException.notFound("access rule not found"));
    }

    private void changed(Caller caller, AuditAction action, AccessRule rule) {
        afterCommit.evict(() -> cache.invalidate(rule.workspaceId()));
        audit.record(AuditEvent.by(caller, action).onWorkspace(rule.workspaceId()).withDetails("rule=" + rule.id()
                + "; methods=" + (rule.methods() == null ? "any" : rule.methods()) + "; host="
                + (rule.host() == null ? "any" : rule.host()) + "; path=" + rule.path() + "; permission=" + rule.permission()));
    }
}
