package dev.latchkey.directory.tokentypes;

import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Level;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.DisplayText;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenRedaction;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Token types (DESIGN: Token types): named permission sets chosen instead of listing permissions.
 * The built-in types are fixed here; a workspace adds custom ones (workspace:read to see them,
 * workspace:manage to change them, every change audited). A token made with a type copies the
 * type's permissions at that moment and remembers the type's id and name, so editing or deleting a
 * type never changes an existing token. Every token kind resolves {@code "type"} through
 * {@link #choose} and checks the grant ceiling through {@link #requireMayGrant}: one rule, here.
 */
@Singleton
public class TokenTypes {
    /** The request field every create body names a type with. */
    public static final String FIELD = "type";
    public static final int MAX_TYPES = 100;

    /** A type as the API shows it; {@code workspace} is null for a built-in one. */
    @Serdeable
    public record Shown(String id, String name, String description, List<String> permissions, boolean builtIn,
                        @Nullable UUID workspace, @Nullable Instant createdAt, @Nullable Instant updatedAt) {
    }

    /** A type chosen by a create body: its permissions as of now, and whose type it is (null: built in). */
    public record Chosen(String id, String name, Set<Permission> permissions, @Nullable UUID workspaceId) {
        public String storedPermissions() {
            return PermissionList.encode(permissions);
        }

        /** Whether every permission is project-level (or owner, meaning owner of the granted projects). */
        public Optional<Permission> firstNotOnProjects() {
            return permissions.stream().filter(p -> p.level() != Level.PROJECT && p.level() != Level.ANY).findFirst();
        }
    }

    /** What a client asks a custom type to be; on update a null field keeps its value. */
    public record Command(@Nullable String name, @Nullable String description, @Nullable List<String> permissions) {
    }

    /** The built-in types, in the order they are listed. Every one is project-level, so every kind may use it. */
    public static final List<Shown> BUILT_IN = List.of(
            builtIn("read-only", "Read only", "Every bare read of a project: nothing is changed, run or deployed",
                    Permission.PROJECTS_READ, Permission.REPOSITORIES_READ, Permission.PIPELINES_READ,
                    Permission.ENVIRONMENTS, Permission.VARIABLES_READ, Permission.DOCUMENTS, Permission.RELEASES,
                    Permission.BRANCHES),
            builtIn("ci", "CI", "What a build needs: read the code and variables, run pipelines",
                    Permission.REPOSITORIES_READ, Permission.PIPELINES_RUN, Permission.VARIABLES_READ,
                    Permission.PROJECTS_READ),
            builtIn("deploy", "Deploy", "Deploy releases to environments",
                    Permission.PROJECTS_READ, Permission.RELEASES_DEPLOY, Permission.ENVIRONMENTS),
            builtIn("full", "Full access", "Owner of what the token reaches; still never more than its creator may grant",
                    Permission.OWNER));

    /** The type a seed-001 token gets when its body names none. */
    public static final String DEFAULT_ID = "read-only";

    private final TokenTypeRepository types;
    private final Workspaces workspaces;
    private final Access access;
    private final AuditTrail audit;
    private final Clock clock;

    public TokenTypes(TokenTypeRepository types, Workspaces workspaces, Access access, AuditTrail audit, Clock clock) {
        this.types = types;
        this.workspaces = workspaces;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Shown> builtIns() {
        return BUILT_IN;
    }

    public List<Shown> list(Caller caller, String ws) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_READ);
        return types.findByWorkspaceIdOrderById(workspace.id()).stream().map(TokenTypes::show).toList();
    }

    public Shown get(Caller caller, String ws, String id) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_READ);
        return show(find(workspace, id));
    }

    @Transactional
    public Shown create(Caller caller, String ws, Command command) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        if (types.countByWorkspaceId(workspace.id()) >= MAX_TYPES) {
            throw ProblemException.conflict("a workspace has at most " + MAX_TYPES + " token types");
        }
        Instant now = Times.now(clock);
        TokenType saved = types.save(new TokenType(Ids.newId(), workspace.id(), name(command.name()),
                description(command.description()), PermissionList.encode(PermissionList.parse("permissions",
                command.permissions())), now, now));
        changed(caller, AuditAction.TOKEN_TYPE_CREATED, saved);
        return show(saved);
    }

    /** Changes the type for tokens made from now on; tokens made before keep what they were given. */
    @Transactional
    public Shown update(Caller caller, String ws, String id, Command command) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        TokenType old = find(workspace, id);
        TokenType saved = types.update(new TokenType(old.id(), old.workspaceId(),
                command.name() == null ? old.name() : name(command.name()),
                command.description() == null ? old.description() : description(command.description()),
                command.permissions() == null ? old.permissions()
                        : PermissionList.encode(PermissionList.parse("permissions", command.permissions())),
                old.createdAt(), Times.now(clock)));
        changed(caller, AuditAction.TOKEN_TYPE_UPDATED, saved);
        return show(saved);
    }

    @Transactional
    public void delete(Caller caller, String ws, String id) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        TokenType old = find(workspace, id);
        types.deleteByWorkspaceIdAndId(workspace.id(), old.id());
        changed(caller, AuditAction.TOKEN_TYPE_DELETED, old);
    }

    /**
     * The type a create body names: a built-in id, or the id of a custom type of {@code workspaceId}
     * (of any workspace the caller reaches when null, as for a personal token). Anything else, a
     * type of another tenant included, is the same 400 naming {@code type}.
     */
    public Chosen choose(Caller caller, String ref, @Nullable UUID workspaceId) {
        if (ref == null || ref.isBlank()) {
            throw ProblemException.badRequest(FIELD, "type must be a token type id; GET /api/token-types lists the built-in ones");
        }
        for (Shown b : BUILT_IN) {
            if (b.id().equals(ref)) {
                return new Chosen(b.id(), b.name(), PermissionList.decode(String.join(" ", b.permissions())), null);
            }
        }
        Optional<UUID> id = Ids.parse(ref);
        // bounded by the workspace when there is one; a personal token's by the caller's reach
        Optional<TokenType> custom = workspaceId != null ? id.flatMap(tid -> types.findByWorkspaceIdAndId(workspaceId, tid))
                : id.flatMap(types::findById).filter(t -> access.reaches(caller, new Resource.Workspace(t.workspaceId())));
        TokenType t = custom.orElseThrow(() -> ProblemException.badRequest(FIELD, "unknown token type '"
                + TokenRedaction.echo(ref, 64) + "'; GET /api/token-types and /api/workspaces/{ws}/token-types list them"));
        return new Chosen(t.id().toString(), t.name(), PermissionList.decode(t.permissions()), t.workspaceId());
    }

    /**
     * The grant ceiling (the one rule of {@link Access#requireMayGrant}) for grants a type chose:
     * refused with 400 naming {@code type}, before anything is written.
     */
    public void requireMayGrant(Caller caller, Collection<Grant> grants) {
        access.requireMayGrant(caller, grants, FIELD);
    }

    /**
     * For a token whose type's permissions are a ceiling over its user's own rights (a personal
     * token): only the type's workspace-level permissions are handed out as such, and only when the
     * token is limited to a workspace, so those are what the creator must be able to grant there.
     */
    public void requireMayGrantWorkspaceLevel(Caller caller, Chosen type, UUID workspaceId) {
        Set<Permission> workspaceLevel = EnumSet.noneOf(Permission.class);
        type.permissions().stream().filter(p -> p.level() == Level.WORKSPACE).forEach(workspaceLevel::add);
        access.requireMayGrant(caller, workspaceLevel, new Resource.Workspace(workspaceId), FIELD);
    }

    /** Refuses a type a kind that carries project permissions only cannot use. */
    public static void requireProjectLevel(Chosen type, String kind) {
        type.firstNotOnProjects().ifPresent(p -> {
            throw ProblemException.badRequest(FIELD, "type '" + type.name() + "' has " + p.key() + ", a "
                    + p.level().name().toLowerCase() + "-level permission; a " + kind + " carries project permissions only");
        });
    }

    private TokenType find(Workspace workspace, String id) {
        return Ids.parse(id).flatMap(tid -> types.findByWorkspaceIdAndId(workspace.id(), tid))
                .orElseThrow(() -> ProblemException.notFound("token type not found"));
    }

    private void changed(Caller caller, AuditAction action, TokenType type) {
        audit.record(AuditEvent.by(caller, action).onWorkspace(type.workspaceId()).withDetails("type=" + type.id()
                + "; name=" + type.name() + "; permissions=" + type.permissions()));
    }

    /** The same rules as every other name and note (visible, one line, no token-shaped text). */
    private static String name(@Nullable String name) {
        return DisplayText.name("name", name, 100);
    }

    private static String description(@Nullable String description) {
        String d = DisplayText.note("description", description, 1000);
        return d == null ? "" : d;
    }

    private static Shown show(TokenType t) {
        return new Shown(t.id().toString(), t.name(), t.description(), PermissionList.keys(t.permissions()), false,
                t.workspaceId(), t.createdAt(), t.updatedAt());
    }

    private static Shown builtIn(String id, String name, String description, Permission... permissions) {
        return new Shown(id, name, description, List.of(permissions).stream()
                .sorted().map(Permission::key).collect(Collectors.toList()), true, null, null, null);
    }
}
