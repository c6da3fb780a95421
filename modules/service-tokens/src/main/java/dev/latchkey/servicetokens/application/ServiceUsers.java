package dev.latchkey.servicetokens.application;

import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.SensitiveOperations;
import dev.latchkey.tokens.core.DisplayText;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.user.ActiveUsers;
import dev.latchkey.directory.user.User;
import dev.latchkey.directory.user.UserKind;
import dev.latchkey.directory.user.Users;
import dev.latchkey.directory.user.UserStatus;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Non-human users of a workspace, administered with {@code service-users:manage} on it. A service
 * user is a user of the directory (kind SERVICE, its workspace set, no password), stored through
 * the directory's {@link Users} service, never its repository;
 * deleting one revokes its tokens and keeps the row, marked DELETED, for the audit trail.
 */
@Singleton
public class ServiceUsers {
    /** What the API lists and finds; a deleted service user is gone for every caller. */
    private static final Set<UserStatus> VISIBLE = EnumSet.of(UserStatus.ACTIVE, UserStatus.SUSPENDED);
    private static final int MAX_NAME = 100;

    private final Users users;
    private final Provider<ServiceTokens> tokens;
    private final ActiveUsers activeUsers;
    private final Workspaces workspaces;
    private final Access access;
    private final Confirmations confirmations;
    private final Caps caps;
    private final Clock clock;

    /** The tokens are reached through a provider: they in turn ask this class whose they are. */
    public ServiceUsers(Users users, Provider<ServiceTokens> tokens, ActiveUsers activeUsers,
                        Workspaces workspaces, Access access, Confirmations confirmations, Caps caps, Clock clock) {
        this.caps = caps;
        this.confirmations = confirmations;
        this.users = users;
        this.tokens = tokens;
        this.activeUsers = activeUsers;
        this.workspaces = workspaces;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public User create(Caller caller, String ws, String firstName, String lastName) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.SERVICE_USERS_MANAGE);
        Instant now = Times.now(clock);
        UUID id = Ids.newId();
        String first = requireName("firstName", firstName);
        String last = requireName("lastName", lastName);
        caps.check(Caps.Cap.SERVICE_USERS_PER_WORKSPACE, workspace.id(),
                () -> users.countServiceUsers(workspace.id(), VISIBLE));
        return users.insertServiceUser(new User(id, serviceEmail(id, workspace), first, last, UserKind.SERVICE, UserStatus.ACTIVE, null, workspace.id(), now, now));
    }

    public <T> Page<T> list(Caller caller, String ws, PageRequest page, Function<User, T> view) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.SERVICE_USERS_MANAGE);
        List<User> rows = users.serviceUsersOf(workspace.id(), VISIBLE, page.after(), page.fetchSize());
        return Page.of(rows, page, User::id, view);
    }

    public User get(Caller caller, String ws, String userId) {
        return inWorkspace(workspaces.resolve(caller, ws, Permission.SERVICE_USERS_MANAGE), userId);
    }

    /**
     * @param status ACTIVE or SUSPENDED; suspending stops every token of the user at its next use
     *               (at once on this node, within {@code latchkey.tokens.cache-ttl} elsewhere)
     */
    @Transactional
    public User update(Caller caller, String ws, String userId, @Nullable String firstName, @Nullable String lastName,
                       @Nullable UserStatus status) {
        User user = get(caller, ws, userId);
        if (status == UserStatus.DELETED) {
            throw ProblemException.badRequest("status", "status must be ACTIVE or SUSPENDED; DELETE removes a service user");
        }
        confirmations.requireIf(caller, SensitiveOperations.revivesServiceUser(user.status(), status));
        User updated = users.updateServiceUser(new User(user.id(), user.email(),
                firstName == null ? user.firstName() : requireName("firstName", firstName),
                lastName == null ? user.lastName() : requireName("lastName", lastName),
                user.kind(), status == null ? user.status() : status, null, user.workspaceId(), user.createdAt(),
                Times.now(clock)));
        activeUsers.evict(user.id());
        return updated;
    }

    /**
     * Revokes every token of the user (each revocation audited, as any other), then marks it
     * DELETED; the rows stay for the audit trail. The route is sensitive, so a session has confirmed
     * its password before this runs (the confirmation filter).
     */
    @Transactional
    public void delete(Caller caller, String ws, String userId) {
        User user = get(caller, ws, userId);
        tokens.get().lifecycle().revokeAllOf(caller, user);
        Instant now = Times.now(clock);
        users.updateServiceUser(new User(user.id(), user.email(), user.firstName(), user.lastName(), user.kind(), UserStatus.DELETED,
                null, user.workspaceId(), user.createdAt(), now));
        activeUsers.evict(user.id());
    }

    /**
     * The service user behind {@code /api/users/service/{userId}}, for a caller who manages the
     * service users of its workspace. The path names no workspace, so this is the one look-up by id
     * alone; its result goes straight to the engine, and an unknown user, a human, a deleted one and
     * one of a workspace the caller does not reach are the same 404.
     */
    public User managed(Caller caller, String userId) {
        User user = Ids.parse(userId).flatMap(users::find)
                .filter(u -> u.kind() == UserKind.SERVICE && u.workspaceId() != null && VISIBLE.contains(u.status()))
                .orElseThrow(() -> ProblemException.notFound("service user not found"));
        access.require(caller, Permission.SERVICE_USERS_MANAGE, new Resource.Workspace(user.workspaceId()));
        return user;
    }

    /** A visible service user of a workspace, by id (the owner of a token that rotates itself). */
    public User serviceUser(UUID userId, UUID workspaceId) {
        return users.findServiceUser(userId, workspaceId).filter(u -> VISIBLE.contains(u.status()))
                .orElseThrow(() -> ProblemException.notFound("service user not found"));
    }

    private User inWorkspace(Workspace workspace, String userId) {
        return Ids.parse(userId)
                .flatMap(id -> users.findServiceUser(id, workspace.id()))
                .filter(u -> VISIBLE.contains(u.status()))
                .orElseThrow(() -> ProblemException.notFound("service user not found"));
    }

    /**
     * The users table wants a unique email; a service user gets one that can never receive mail
     * ({@code .invalid} is reserved by RFC 2606) and that says whose it is. The id makes it unique,
     * so a later change of the workspace slug does not matter.
     */
    static String serviceEmail(UUID id, Workspace workspace) {
        return id + "@service." + workspace.slug() + ".latchkey.invalid";
    }

    private static String requireName(String field, String value) {
        return DisplayText.name(field, value, MAX_NAME);
    }
}
