package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a token kind writes the coalesced last uses of its tokens. The kind only reads and writes
 * its column pair; what counts as a use from a new address is decided here, once for every kind.
 */
public interface LastUsedSink {
    TokenKind kind();

    /** The address stored for the token's last use, if any. */
    Optional<String> lastUsedIp(UUID tokenId);

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
     * Writes the uses and returns those whose address differs from the one stored before, so the
     * app can record {@code token.used_from_new_ip}. Comparing with the stored value at flush time
     * costs one read per token per flush interval and sees other nodes' uses too.
     */
    default List<NewAddress> writeReportingNewAddresses(Collection<LastUse> uses) {
        List<NewAddress> changes = new ArrayList<>();
        for (LastUse use : uses) {
            String previous = lastUsedIp(use.tokenId()).orElse(null);
            boolean written = recordLastUse(use.tokenId(), use.at(), use.ip());
            if (written && previous != null && use.ip() != null && !previous.equals(use.ip())) {
                changes.add(new NewAddress(use, previous));
            }
        }
        return changes;
    }
}
