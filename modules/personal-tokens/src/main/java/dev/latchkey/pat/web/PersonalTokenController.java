package dev.latchkey.pat.web;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.tokens.TokenController;
import dev.latchkey.directory.tokens.TokenRoutes;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.pat.application.PersonalTokens;
import dev.latchkey.pat.model.PersonalToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's own personal access tokens; a login session only, never a token. The lifecycle is the shared one. */
@TokenRoutes
@Controller("/api/user/personal-access-tokens")
@Tag(name = "personal access tokens")
class PersonalTokenController
        extends TokenController<UUID, PersonalToken, PersonalTokenView, PersonalTokenController.CreateBody> {
    private final PersonalTokens tokens;

    PersonalTokenController(PersonalTokens tokens, Clock clock) {
        super(tokens.lifecycle(), clock, null);
        this.tokens = tokens;
    }

    @Schema(example = "{\"name\":\"ci\",\"note\":\"deploys from CI\",\"expiration\":\"30d\",\"scopes\":[\"projects:read\",\"pipelines:run\"],\"workspace\":\"acme\",\"ipRestrictions\":[\"10.0.0.0/8\"]}")
    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> scopes, @Nullable @Size(max = 64) String workspace,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt, @Nullable @Size(max = 64) String type) implements TokenController.CreateBody {
    }

    @Override
    protected TokenLifecycle.Grant<UUID, PersonalToken> grant(Caller caller, CreateBody body) {
        return tokens.grant(caller, body.scopes(), body.workspace(), body.type());
    }

    @Override
    protected PersonalTokenView view(Caller caller, String ownerRef, PersonalToken token, Instant now) {
        return PersonalTokenView.of(token, now);
    }
}
