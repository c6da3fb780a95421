package dev.latchkey.pat.persistence;

import dev.latchkey.directory.governance.PersonalTokenAccess.State;
import dev.latchkey.pat.model.PersonalToken;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The token row and its workspace states in one statement: the states are folded into one column
 * by a correlated sub-select ({@code workspace_id:state,...}, at most one row per workspace by the
 * unique key on token and workspace), so a token without any costs the same single index probe as
 * before. The row itself is mapped by Micronaut Data, as the repository would.
 */
@Singleton
public class JdbcPersonalTokenLookUps implements PersonalTokenLookUps {
    private static final String SELECT = "SELECT t.*, (SELECT GROUP_CONCAT(CONCAT(a.workspace_id, ':', a.state) SEPARATOR ',')"
            + " FROM personal_token_workspace_access a WHERE a.token_id = t.id) AS workspace_access"
            + " FROM personal_tokens t WHERE ";
    private final JdbcOperations jdbc;
    private final ConnectionOperations<Connection> connections;

    public JdbcPersonalTokenLookUps(JdbcOperations jdbc, ConnectionOperations<Connection> connections) {
        this.jdbc = jdbc;
        this.connections = connections;
    }

    @Override
    public Optional<WithAccess> byHash(String tokenHash) {
        return one("t.token_hash = ?", tokenHash);
    }

    @Override
    public Optional<WithAccess> byId(UUID tokenId) {
        return one("t.id = ?", tokenId.toString());
    }

    private Optional<WithAccess> one(String where, String value) {
        // the caller's connection (and transaction) if it has one, else a pooled one for this read
        return connections.executeRead(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(SELECT + where)) {
                statement.setString(1, value);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    PersonalToken token = jdbc.readEntity(rows, PersonalToken.class);
                    return Optional.of(new WithAccess(token, states(rows.getString("workspace_access"))));
                }
            } catch (SQLException e) {
                throw new DataAccessException("personal token look-up failed: " + e.getMessage(), e);
            }
        });
    }

    static Map<UUID, State> states(String folded) {
        if (folded == null || folded.isEmpty()) {
            return Map.of();
        }
        Map<UUID, State> states = new HashMap<>();
        for (String pair : folded.split(",")) {
            int colon = pair.indexOf(':');
            states.put(UUID.fromString(pair.substring(0, colon)), State.of(pair.substring(colon + 1)));
        }
        return Map.copyOf(states);
    }
}
