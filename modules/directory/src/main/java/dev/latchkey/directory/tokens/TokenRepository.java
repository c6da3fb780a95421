package dev.latchkey.directory.tokens;

import dev.latchkey.tokens.core.TokenState;
import dev.latchkey.tokens.core.TokenStateSql;
import dev.latchkey.tokens.core.OwnedTokenTable;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The statements every kind's token table answers alike, written once: look-up by hash, re-key,
 * revocation by id, last use, the reads that name the owner (find, find and lock, find many, the
 * paged list by state) and the live count for the caps. A kind's repository extends this with its
 * table's name and how its owner bounds a read (tenancy on every query: the owner's predicate is
 * part of every owner read by construction). The table name and predicates are the kind's
 * constants, never input; every value is a bound parameter. The kind's repository also declares
 * itself a {@code CrudRepository} of its entity (a generic class cannot: the two {@code update}s clash).
 *
 * @param <E> the kind's entity
 * @param <O> the owner of a set of tokens
 */
public abstract class TokenRepository<E extends TokenEntity<E>, O> implements OwnedTokenTable<O, E> {
    private final Jdbc jdbc;
    private final String table;
    private final Class<E> type;
    private final String owner;
    private final Function<O, List<Object>> ownerValues;

    /**
     * @param owner       the predicate that bounds a read to one owner, e.g. {@code workspace_id = ?}
     * @param ownerValues the values of its parameters for an owner, in order
     */
    protected TokenRepository(Jdbc jdbc, String table, Class<E> type, String owner,
                              Function<O, List<Object>> ownerValues) {
        this.jdbc = jdbc;
        this.table = table;
        this.type = type;
        this.owner = owner;
        this.ownerValues = ownerValues;
    }

    /**
     * The database as these statements reach it: the connection of the running transaction, or one
     * of their own outside any (as Micronaut Data's own queries do), and its row mapper.
     */
    @Singleton
    public record Jdbc(JdbcOperations operations, ConnectionOperations<Connection> connections) {
    }

    /** Implemented by Micronaut Data for each kind: the common columns are embedded as {@code common}. */
    public abstract Optional<E> findByCommonTokenHash(String tokenHash);

    @Override
    public Optional<E> findByTokenHash(String tokenHash) {
        return findByCommonTokenHash(tokenHash);
    }

    @Override
    public void rekey(UUID id, String tokenHash) {
        write("UPDATE " + table + " SET token_hash = ? WHERE id = ?", tokenHash, id);
    }

    /**
     * Revocation by id alone, for RFC 7009 and leak reports, where holding the secret (or a report of
     * it) is the bound; one statement, so two racing revocations revoke (and audit) once.
     */
    @Override
    public long revokeIfNotRevoked(UUID id, Instant now) {
        return write("UPDATE " + table + " SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL",
                now, now, id);
    }

    /** One query for the batch: the ids are the bound (the flush's own, at most a batch of them). */
    @Override
    public Map<UUID, String> findLastUsedIpsByIds(Collection<UUID> ids) {
        Map<UUID, String> ips = new HashMap<>();
        if (!ids.isEmpty()) {
            read("SELECT id, last_used_ip FROM " + table + " WHERE id IN (" + placeholders(ids) + ") AND last_used_ip IS NOT NULL",
                    rs -> Map.entry(UUID.fromString(rs.getString(1)), rs.getString(2)), ids.toArray())
                    .forEach(e -> ips.put(e.getKey(), e.getValue()));
        }
        return ips;
    }

    /**
     * Last use only moves forward, so a late flush from another node cannot turn it back. An equal
     * time is taken: MariaDB behind mysql-connector-j keeps whole seconds, and a later use within
     * the same second (perhaps from a new address) must still be written.
     */
    @Override
    public long recordLastUse(UUID id, Instant at, String ip) {
        return write("UPDATE " + table + " SET last_used_at = ?, last_used_ip = ?"
                + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)", at, ip, id, at);
    }

    @Override
    public Optional<E> find(O of, UUID id) {
        return rows("id = ?", "", of, id).stream().findFirst();
    }

    @Override
    public Optional<E> findForUpdate(O of, UUID id) {
        return rows("id = ?", " FOR UPDATE", of, id).stream().findFirst();
    }

    @Override
    public List<E> findAll(O of, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return rows("id IN (" + placeholders(ids) + ")", "", of, ids.toArray());
    }

    private static String placeholders(Collection<?> values) {
        return String.join(", ", Collections.nCopies(values.size(), "?"));
    }

    @Override
    public List<E> page(O of, TokenState state, UUID after, Instant now, int limit) {
        String filter = TokenStateSql.filter(state);
        List<Object> values = new ArrayList<>(List.of(after));
        filter.chars().filter(c -> c == '?').forEach(c -> values.add(now));
        values.add(limit);
        return rows("id > ? AND " + filter, " ORDER BY id LIMIT ?", of, values.toArray());
    }

    /** The owner's live tokens (not revoked, not expired), for the caps (Caps). */
    public long countLive(O of, Instant now) {
        return countLive(now, owner, ownerValues.apply(of).toArray());
    }

    /** Live tokens (not revoked, not expired) where {@code where} holds, for the caps (Caps). */
    protected long countLive(Instant now, String where, Object... values) {
        List<Object> all = new ArrayList<>(List.of(values));
        all.add(now);
        return read("SELECT COUNT(*) FROM " + table + " WHERE " + where + " AND "
                + TokenStateSql.filter(TokenState.ACTIVE), rs -> rs.getLong(1), all.toArray()).get(0);
    }

    /** The owner's rows where {@code where} holds, {@code tail} appended (order, limit, lock). */
    private List<E> rows(String where, String tail, O of, Object... values) {
        List<Object> all = new ArrayList<>(ownerValues.apply(of));
        all.addAll(List.of(values));
        return read("SELECT * FROM " + table + " WHERE " + owner + " AND " + where + tail,
                rs -> jdbc.operations().readEntity(rs, type), all.toArray());
    }

    private long write(String sql, Object... values) {
        return jdbc.connections().executeWrite(status -> statement(status.getConnection(), sql, values,
                statement -> (long) statement.executeUpdate()));
    }

    private <R> List<R> read(String sql, Row<R> row, Object... values) {
        return jdbc.connections().executeWrite(status -> statement(status.getConnection(), sql, values, statement -> {
            List<R> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }));
    }

    private static <R> R statement(Connection connection, String sql, Object[] values, Run<R> run) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            return run.run(statement);
        } catch (SQLException e) {
            throw new DataAccessException("token table statement failed: " + e.getMessage(), e);
        }
    }

    /** As Micronaut Data binds them: ids as their text (CHAR(36)), instants as timestamps. */
    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, value == null ? null : value.toString());
            }
        }
    }

    private interface Row<R> {
        R read(ResultSet rs) throws SQLException;
    }

    private interface Run<R> {
        R run(PreparedStatement statement) throws SQLException;
    }
}
