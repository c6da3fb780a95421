package dev.latchkey.pat.application;

import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenKindService;
import dev.latchkey.directory.tokentypes.TokenTypes;
import dev.latchkey.authz.Permission;
import java.util.Set;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.pat.persistence.PersonalTokenRepository;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.policy.WorkspacePolicy;
import io.micronaut.http.HttpStatus;
import java.util.Map;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What personal access tokens add to the one {@link TokenLifecycle}: their owner is the calling
 * user, with a login session only (a token never mints or manages PATs); their grant is a list of
 * scopes, a ceiling over what the user may do at each request, optionally limited to one of the
 * user's workspaces (whose token policy then binds the token like any of that workspace's).
 */
@Singleton
public class PersonalTokens extends TokenKindService<UUID, PersonalToken, PersonalTokenRepository> {
    private final Workspaces workspaces;
    private final WorkspacePolicies policies;
    private final PersonalTokenAccesses accesses;

    public PersonalTokens(PersonalTokenRepository tokens, PersonalTokenResolver resolver, Shared shared,
                          Workspaces workspaces, WorkspacePolicies policies, PersonalTokenAccesses accesses) {
        super(tokens, resolver, shared);
        this.workspaces = workspaces;
        this.policies = policies;
        this.accesses = accesses;
    }

    /**
     * The grant of a new token: its scopes (a user may ask for scopes it does not hold today) and
     * the workspace it is limited to, which must be one of the caller's.
     */
    public TokenLifecycle.Grant<UUID, PersonalToken> grant(Caller caller, @Nullable List<String> scopes,
                                                           @Nullable String workspace) {
        return grant(caller, scopes, workspace, null);
    }

    /**
     * The same, or with a token type instead of scopes: the type's permissions become the scopes,
     * copied now. A custom type belongs to a workspace, and limits the token to it. Scopes are a
     * ceiling over the user's own rights, so what a type hands out as such is only its
     * workspace-level permissions on the workspace the token is limited to: those the user must be
     * able to grant there (the shared grant rule; 400 naming {@code type} otherwise).
     */
    public TokenLifecycle.Grant<UUID, PersonalToken> grant(Caller caller, @Nullable List<String> scopes,
                                                           @Nullable String workspace, @Nullable String type) {
        return (userId, f) -> {
            UUID workspaceId = workspace == null ? null : ownWorkspace(caller, workspace);
            Set<Permission> parsed;
            TokenTypes.Chosen chosen = null;
            if (type != null) {
                if (scopes != null) {
                    throw ProblemException.badRequest(TokenTypes.FIELD, "give a type or scopes, not both");
                }
                chosen = types.choose(caller, type, workspaceId);
                if (chosen.workspaceId() != null) {
                    workspaceId = chosen.workspaceId();
                }
                if (workspaceId != null) {
                    types.requireMayGrantWorkspaceLevel(caller, chosen, workspaceId);
                }
                parsed = chosen.permissions();
            } else {
                parsed = PermissionList.parse("scopes", scopes);
            }
            return new PersonalToken(f.id(), userId, PermissionList.encode(parsed), workspaceId,
                    TokenColumns.of(f, chosen == null ? null : chosen.id(), chosen == null ? null : chosen.name()));
        };
    }

    @Override
    public TokenKind kind() {
        return TokenKind.PERSONAL;
    }

    /** A user's own tokens: the owner is the session's user, whatever the path says. */
    @Override
    public UUID owner(Caller caller, @Nullable String ref) {
        return caller.requireSessionUser("managing personal access tokens");
    }

    @Override
    public UUID ownerOf(PersonalToken token) {
        return token.userId();
    }

    /** A PAT limited to a workspace whose policy requires approval starts pending (docs/governance.md). */
    @Override
    public PersonalToken insert(PersonalToken row) {
        PersonalToken saved = tokens.save(row);
        if (saved.workspaceId() != null
                && policies.policyOf(saved.workspaceId()).governance().requireApprovalForPersonalTokens()) {
            accesses.request(saved.id(), saved.userId(), saved.workspaceId());
        }
        return saved;
    }

    /** Scopes are a ceiling, so any user may hold any; a token limited to a workspace needs the user's reach there today. */
    @Override
    public void requireMayHandOut(Caller caller, UUID userId, PersonalToken token) {
        if (token.workspaceId() != null) {
            access.requireReach(caller, new Resource.Workspace(token.workspaceId()));
            Integer perUser = policies.policyOf(token.workspaceId()).governance().maxTokensPerUser();
            if (perUser != null && tokens.countActiveInWorkspace(userId, token.workspaceId(), token.createdAt()) >= perUser) {
                throw new ProblemException(HttpStatus.CONFLICT, "limit-reached", "this workspace's token policy allows "
                        + perUser + " live personal access tokens per user limited to it (maxTokensPerUser)",
                        Map.of("field", WorkspacePolicy.RULE_MAX_TOKENS_PER_USER, "limit", WorkspacePolicy.RULE_MAX_TOKENS_PER_USER,
                                "max", perUser));
            }
        }
    }

    /** The cap on live tokens of an owner (the shared caps of #12). */
    @Override
    public void requireRoom(UUID owner, Instant now) {
        caps.check(Caps.Cap.PERSONAL_TOKENS_PER_USER, owner, () -> tokens.countLive(owner, now));
    }

    @Override
    public String describe(PersonalToken token) {
        return "name=" + token.name() + "; scopes=" + token.scopes();
    }

    @Override
    public UUID ownerUser(PersonalToken token) {
        return token.userId();
    }

    private UUID ownWorkspace(Caller caller, String ref) {
        try {
            return workspaces.resolve(caller, ref).id();
        } catch (ProblemException e) {
            throw ProblemException.badRequest("workspace", "workspace '" + ref + "' is not one of yours");
        }
    }
}
