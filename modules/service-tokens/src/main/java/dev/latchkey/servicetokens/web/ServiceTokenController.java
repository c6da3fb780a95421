package dev.latchkey.servicetokens.web;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.tokens.TokenController;
import dev.latchkey.directory.tokens.TokenRoutes;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.directory.user.User;
import dev.latchkey.servicetokens.application.ServiceTokens;
import dev.latchkey.servicetokens.model.ServiceToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A service user's tokens, under the path the product's API clients already use. Admins only:
 * {@code service-users:manage} on the service user's workspace.
 */
@TokenRoutes
@Controller("/api/users/service/{userId}/personal-access-tokens")
@Tag(name = "service tokens")
class ServiceTokenController
        extends TokenController<User, ServiceToken, ServiceTokenView, ServiceTokenController.CreateBody> {
    private final ServiceTokens tokens;

    ServiceTokenController(ServiceTokens tokens, Clock clock) {
        super(tokens.lifecycle(), clock, "userId");
        this.tokens = tokens;
    }

    @Schema(example = "{\"name\":\"deploy\",\"note\":\"release pipeline\",\"permissions\":[\"releases:deploy\"],\"allProjects\":false,\"projects\":[\"0190a5c2-7b1e-7c3a-9f10-3c5e2a1b4d01\"],\"expiration\":\"90d\"}")
    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> permissions, @Nullable Boolean allProjects,
                      @Nullable @Size(max = 1000) List<@NotNull String> projects,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt, @Nullable @Size(max = 64) String type) implements TokenController.CreateBody {
    }

    @Override
    protected TokenLifecycle.Grant<User, ServiceToken> grant(Caller caller, CreateBody body) {
        return tokens.grant(caller, body.permissions(), body.allProjects(), body.projects(), body.type());
    }

    @Override
    protected ServiceTokenView view(Caller caller, String userId, ServiceToken token, Instant now) {
        return ServiceTokenView.of(tokens.show(caller, userId, token), now);
    }

    /** The projects of every token on the page are read at once. */
    @Override
    protected Page<ServiceTokenView> page(Caller caller, User user, List<ServiceToken> rows, PageRequest page,
                                          Instant now) {
        return tokens.page(user, rows, page, s -> ServiceTokenView.of(s, now));
    }
}
