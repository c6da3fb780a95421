package dev.latchkey.servicetokens.persistence;

import dev.latchkey.directory.tokens.TokenRepository;
import dev.latchkey.directory.user.User;
import dev.latchkey.servicetokens.model.ServiceToken;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A service user's tokens: every read names the workspace and the service user, except the look-up
 * by secret hash, where the hash itself is the bound (only the holder of the token can name it).
 * What every token table answers alike is {@link TokenRepository}'s.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public abstract class ServiceTokenRepository extends TokenRepository<ServiceToken, User>
        implements CrudRepository<ServiceToken, UUID> {
    protected ServiceTokenRepository(Jdbc jdbc) {
        super(jdbc, "service_tokens", ServiceToken.class, "workspace_id = ? AND service_user_id = ?",
                user -> List.of(user.workspaceId(), user.id()));
    }

    /** For the cap on a workspace's service tokens (all its service users together). */
    public long countActive(UUID workspaceId, Instant now) {
        return countLive(now, "workspace_id = ?", workspaceId);
    }
}
