package dev.latchkey.pat.persistence;

import dev.latchkey.directory.tokens.TokenRepository;
import dev.latchkey.pat.model.PersonalToken;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's tokens: every read is bounded by the owning user, except the look-up by secret hash,
 * where the hash itself is the bound (only the holder of the token can name it). What every token
 * table answers alike is {@link TokenRepository}'s.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public abstract class PersonalTokenRepository extends TokenRepository<PersonalToken, UUID>
        implements CrudRepository<PersonalToken, UUID> {
    protected PersonalTokenRepository(Jdbc jdbc) {
        super(jdbc, "personal_tokens", PersonalToken.class, "user_id = ?", List::of);
    }

    /** Live tokens of a user limited to one workspace, for the workspace's {@code maxTokensPerUser}. */
    public long countActiveInWorkspace(UUID userId, UUID workspaceId, Instant now) {
        return countLive(now, "user_id = ? AND workspace_id = ?", userId, workspaceId);
    }
}
