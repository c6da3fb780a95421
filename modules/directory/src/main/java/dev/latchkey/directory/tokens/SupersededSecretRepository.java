package dev.latchkey.directory.tokens;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every read names the hash (only its holder can) or the token (whose owner the lifecycle has checked). */
@JdbcRepository(dialect = Dialect.MYSQL)
interface SupersededSecretRepository extends GenericRepository<SupersededSecret, String> {
    SupersededSecret save(SupersededSecret secret);

    Optional<SupersededSecret> findByTokenHash(String tokenHash);

    List<SupersededSecret> findByTokenKindAndTokenId(String tokenKind, UUID tokenId);

    /** The secrets of a page of tokens still in their grace: the ids come from the owner-bounded page. */
    List<SupersededSecret> findByTokenKindAndTokenIdInAndValidUntilGreaterThan(String tokenKind, Collection<UUID> tokenIds,
                                                                               Instant now);

    List<SupersededSecret> findByTokenKindAndTokenIdForUpdate(String tokenKind, UUID tokenId);

    @Query("UPDATE superseded_secrets SET valid_until = :now WHERE token_kind = :tokenKind AND token_id = :tokenId"
            + " AND valid_until > :now")
    long endGraces(String tokenKind, UUID tokenId, Instant now);
}
