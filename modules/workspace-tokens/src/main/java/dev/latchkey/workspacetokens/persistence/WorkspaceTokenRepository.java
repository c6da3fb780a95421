package dev.latchkey.workspacetokens.persistence;

import dev.latchkey.directory.tokens.TokenRepository;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/**
 * A workspace's API tokens: every read is bounded by the owning workspace, except the look-up by
 * secret hash, where the hash itself is the bound (only the holder of the token can name it). What
 * every token table answers alike, the cap's count included, is {@link TokenRepository}'s.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public abstract class WorkspaceTokenRepository extends TokenRepository<WorkspaceToken, Workspace>
        implements CrudRepository<WorkspaceToken, UUID> {
    protected WorkspaceTokenRepository(Jdbc jdbc) {
        super(jdbc, "workspace_tokens", WorkspaceToken.class, "workspace_id = ?", workspace -> List.of(workspace.id()));
    }
}
