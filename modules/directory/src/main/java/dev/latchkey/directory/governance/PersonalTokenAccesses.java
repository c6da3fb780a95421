package dev.latchkey.directory.governance;

import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.governance.PersonalTokenAccess.State;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.DisplayText;
import dev.latchkey.tokens.core.RefusalReason;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one place that decides whether a member's PAT may act in a workspace beyond its owner's
 * rights (issue #19): approval requests ({@code requireApprovalForPersonalTokens}) and per-workspace
 * cut-offs (bulk revoke of the inventory). The PAT resolver asks {@link #refusal} for a token limited
 * to a workspace (pending or denied: refused with {@link RefusalReason#PENDING_APPROVAL} or
 * {@link RefusalReason#APPROVAL_DENIED}) and {@link #restrict} for its rights (a workspace that cut the
 * token off, or has not approved it, drops out). The states are read with the token itself, in the
 * PAT look-up's one query, and cached with it; a change here is journalled, and every node's
 * listeners ({@link #onChange}: the PAT resolver drops that token's snapshots) run within
 * {@code latchkey.cluster.poll} ({@link AfterCommit#shared}).
 */
@Singleton
public class PersonalTokenAccesses {
    public static final int MAX_NOTE = 1000;
    private final PersonalTokenAccessRepository rows;
    private final Workspaces workspaces;
    private final AuditTrail audit;
    private final Clock clock;
    private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> eviction;

    public PersonalTokenAccesses(PersonalTokenAccessRepository rows, Workspaces workspaces, AuditTrail audit,
                                 AfterCommit afterCommit, Clock clock) {
        this.rows = rows;
        this.workspaces = workspaces;
        this.audit = audit;
        this.clock = clock;
        this.eviction = afterCommit.shared("pat-workspace-access",
                key -> listeners.forEach(listener -> listener.accept(UUID.fromString(key))));
    }

    /** Called on every node, with the token's id, when a token's state in a workspace changes. */
    public void onChange(Consumer<UUID> listener) {
        listeners.add(listener);
    }

    /** The token's state per workspace that has one (most tokens: none), read now (not cached here). */
    public Map<UUID, State> statesOf(UUID tokenId) {
        Map<UUID, State> states = new HashMap<>();
        for (PersonalTokenAccess row : rows.findByTokenId(tokenId)) {
            states.put(row.workspaceId(), row.stateValue());
        }
        return Map.copyOf(states);
    }

    /**
     * The states of a page of one user's tokens in one query, bounded by the user: token id -> its state
     * per workspace; a token without any is absent.
     */
    public Map<UUID, Map<UUID, State>> statesOf(UUID userId, Collection<UUID> tokenIds) {
        if (tokenIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Map<UUID, State>> states = new HashMap<>();
        for (PersonalTokenAccess row : rows.findByUserIdAndTokenIdIn(userId, tokenIds)) {
            states.computeIfAbsent(row.tokenId(), t -> new HashMap<>()).put(row.workspaceId(), row.stateValue());
        }
        states.replaceAll((token, byWorkspace) -> Map.copyOf(byWorkspace));
        return states;
    }

    /** Why a PAT limited to {@code workspaceId} is refused outright, if it is: pending or denied approval. */
    public static Optional<RefusalReason> refusal(Map<UUID, State> states, @Nullable UUID workspaceId) {
        if (workspaceId == null) {
            return Optional.empty();
        }
        State state = states.get(workspaceId);
        if (state == State.PENDING) {
            return Optional.of(RefusalReason.PENDING_APPROVAL);
        }
        if (state == State.DENIED) {
            return Optional.of(RefusalReason.APPROVAL_DENIED);
        }
        return Optional.empty();
    }

    /** {@code rights} less every grant in a workspace whose row does not admit the token; the same instance when none. */
    public static Rights restrict(Map<UUID, State> states, Rights rights) {
        if (states.isEmpty() || states.values().stream().allMatch(State::admits)) {
            return rights;
        }
        List<Grant> kept = new ArrayList<>();
        for (Grant grant : rights.grants()) {
            boolean blocked = Workspaces.workspaceOf(grant.scope())
                    .map(ws -> states.containsKey(ws) && !states.get(ws).admits()).orElse(Boolean.FALSE);
            if (!blocked) {
                kept.add(grant);
            }
        }
        return Rights.of(kept);
    }

    /** A new PAT limited to a workspace that requires approval waits for an owner. */
    public void request(UUID tokenId, UUID userId, UUID workspaceId) {
        Instant now = Times.now(clock);
        rows.save(new PersonalTokenAccess(Ids.newId(), tokenId, workspaceId, userId, State.PENDING.code(), null, null,
                now, now));
        eviction.accept(tokenId.toString());
    }

    /** Cuts a member's PAT off from one workspace (it keeps working elsewhere); idempotent. */
    public boolean exclude(Caller caller, UUID tokenId, UUID userId, UUID workspaceId) {
        Instant now = Times.now(clock);
        Optional<PersonalTokenAccess> row = rows.findByTokenIdAndWorkspaceId(tokenId, workspaceId);
        if (row.isPresent() && row.get().stateValue() == State.EXCLUDED) {
            return false;
        }
        if (row.isPresent()) {
            rows.update(row.get().with(State.EXCLUDED, row.get().note(), caller.userId(), now));
        } else {
            rows.save(new PersonalTokenAccess(Ids.newId(), tokenId, workspaceId, userId, State.EXCLUDED.code(), null,
                    caller.userId(), now, now));
        }
        eviction.accept(tokenId.toString());
        audit.record(AuditEvent.by(caller, AuditAction.TOKEN_EXCLUDED).onToken("personal", tokenId, workspaceId, userId)
                .withDetails("cut off from workspace " + workspaceId + " only"));
        return true;
    }

    /** Drops every node's cached states of a token. */
    public void invalidate(UUID tokenId) {
        eviction.accept(tokenId.toString());
    }

    /** The requests of a workspace in a state (null: pending), oldest first; owners only. */
    public List<PersonalTokenAccess> requests(Caller caller, String ws, @Nullable String state) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.OWNER);
        State wanted = parseState(state == null ? State.PENDING.code() : state);
        return rows.findByWorkspaceIdAndStateOrderByCreatedAt(workspace.id(), wanted.code());
    }

    /** An owner approves or denies a request of this workspace; a token of another workspace is a 404. */
    @Transactional
    public PersonalTokenAccess decide(Caller caller, String ws, String tokenRef, boolean approve, @Nullable String note) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.OWNER);
        String cleanNote = DisplayText.note("note", note, MAX_NOTE);
        UUID tokenId = Ids.parse(tokenRef).orElseThrow(() -> notFound(tokenRef));
        PersonalTokenAccess row = rows.findByTokenIdAndWorkspaceId(tokenId, workspace.id())
                .filter(r -> r.stateValue() != State.EXCLUDED)
                .orElseThrow(() -> notFound(tokenRef));
        PersonalTokenAccess saved = rows.update(row.with(approve ? State.APPROVED : State.DENIED, cleanNote, caller.userId(),
                Times.now(clock)));
        eviction.accept(tokenId.toString());
        audit.record(AuditEvent.by(caller, approve ? AuditAction.TOKEN_REQUEST_APPROVED : AuditAction.TOKEN_REQUEST_DENIED)
                .onToken("personal", tokenId, workspace.id(), row.userId())
                .withDetails(cleanNote == null ? null : "note=" + cleanNote));
        return saved;
    }

    /** A token owner's view of its own token's requests. */
    public List<PersonalTokenAccess> ofToken(UUID tokenId) {
        return rows.findByTokenId(tokenId);
    }

    /** A requester's own rows: bounded by the user. */
    public List<PersonalTokenAccess> ofUser(UUID userId) {
        return rows.findByUserIdOrderByCreatedAt(userId);
    }

    public List<PersonalTokenAccess> ofWorkspace(UUID workspaceId) {
        return rows.findByWorkspaceId(workspaceId);
    }

    public static State parseState(String code) {
        try {
            return State.of(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("state", "state must be one of pending, approved, denied, excluded");
        }
    }

    private static ProblemException notFound(String ref) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found",
                "no token request '" + ref + "' in this workspace", Map.of("field", "id"));
    }
}
