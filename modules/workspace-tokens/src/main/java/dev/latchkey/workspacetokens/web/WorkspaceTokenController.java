package dev.latchkey.workspacetokens.web;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.tokens.TokenController;
import dev.latchkey.directory.tokens.TokenRoutes;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.workspacetokens.application.WorkspaceTokens;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A workspace's API tokens, managed by its owners (tokens:manage); the lifecycle is the shared one. */
@TokenRoutes
@Controller("/api/workspaces/{ws}/tokens")
@Tag(name = "workspace API tokens")
class WorkspaceTokenController
        extends TokenController<Workspace, WorkspaceToken, WorkspaceTokenView, WorkspaceTokenController.CreateBody> {
    private final WorkspaceTokens tokens;

    WorkspaceTokenController(WorkspaceTokens tokens, Clock clock) {
        super(tokens.lifecycle(), clock, "ws");
        this.tokens = tokens;
    }

    @Serdeable
    record GrantBody(@Nullable @Size(max = 16) String allProjects,
                     @Nullable @Size(max = WorkspaceTokens.MAX_GRANTED_PROJECTS + 1) Map<@NotNull String, @NotNull String> projects) {
    }

    @Schema(example = "{\"name\":\"bitrise\",\"note\":\"mobile builds\",\"grant\":{\"projects\":{\"0190a5c2-7b1e-7c3a-9f10-3c5e2a1b4d01\":\"DEVELOPER\"}},\"expiration\":\"60d\",\"selfRotate\":true}")
    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Valid GrantBody grant, @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions,
                      @Nullable @Size(max = 16) String expiration, @Nullable Instant expiresAt,
                      @Nullable @Size(max = 64) String type, @Nullable Boolean selfRotate)
            implements TokenController.CreateBody {
    }

    @Override
    protected TokenLifecycle.Grant<Workspace, WorkspaceToken> grant(Caller caller, CreateBody body) {
        return tokens.grant(caller, body.grant() == null ? null
                : new WorkspaceTokens.GrantRequest(body.grant().allProjects(), body.grant().projects()), body.type(),
                Boolean.TRUE.equals(body.selfRotate()));
    }

    @Override
    protected WorkspaceTokenView view(Caller caller, String ws, WorkspaceToken token, Instant now) {
        return WorkspaceTokenView.of(token, now);
    }
}
