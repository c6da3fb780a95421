package dev.latchkey.pat.persistence;

import dev.latchkey.directory.governance.PersonalTokenAccess.State;
import dev.latchkey.pat.model.PersonalToken;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A personal token with everything its resolution reads from storage, in one query (issue #18: one
 * round trip per cache miss): the row, and its state in each workspace that has one (governance,
 * {@code personal_token_workspace_access}; most tokens have none).
 */
public interface PersonalTokenLookUps {
    /** The row and its workspace states, found by the hash of its secret. */
    Optional<WithAccess> byHash(String tokenHash);

    /** The same by id (a secret a rotation superseded finds its token by id). */
    Optional<WithAccess> byId(UUID tokenId);

    record WithAccess(PersonalToken token, Map<UUID, State> states) {
    }
}
