package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a token kind writes the coalesced last uses of its tokens. The kind only reads and writes
 * its column pair; what counts as a use from a new address is decided here, once for every kind.
 */
public interface LastUsedSink {
    TokenKind kind();

    /**
     * The addresses stored for these tokens' last uses, read together (a token without one is
     * absent); the caller bounds the number of ids.
     */
    Map<UUID, String> lastUsedIps(Collection<UUID> tokenIds);

    /**
     * Stores the use unless a later one is stored already (last use only moves forward; an equal
     * time is taken, since MariaDB keeps whole seconds); true if it was written.
     */
    boolean recordLastUse(UUID tokenId, Instant at, String ip);

    /**
     * A use from an address other than the one stored for the token before this flush.
     *
     * @param previousIp the address stored before; never null (a first use is not a change)
     */
    record NewAddress(LastUse use, String previousIp) {
    }

    default void write(Collection<LastUse> uses) {
        writeReportingNewAddresses(uses);
    }

    /**
     * Writes the uses (one per token, as {@link LastUsedTracker#drain} gives them) and returns those
     * whose address differs from the one stored before, so the app can record
     * {@code token.used_from_new_ip}. Comparing with the stored values at flush time sees other
     * nodes' uses too; they are read for the whole batch in one go ({@link #lastUsedIps}) before any
     * is written, so the caller bounds the batch.
     */
    default List<NewAddress> writeReportingNewAddresses(Collection<LastUse> uses) {
        Map<UUID, String> stored = lastUsedIps(uses.stream().map(LastUse::tokenId).toList());
        List<NewAddress> changes = new ArrayList<>();
        for (LastUse use : uses) {
            String previous = stored.get(use.tokenId());
            boolean written = recordLastUse(use.tokenId(), use.at(), use.ip());
            if (written && previous != null && use.ip() != null && !previous.equals(use.ip())) {
                changes.add(new NewAddress(use, previous));
            }
        }
        return changes;
    }
}
