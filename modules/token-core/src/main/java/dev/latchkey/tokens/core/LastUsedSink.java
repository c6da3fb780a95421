package dev.latchkey.tokens.core;

import java.util.Collection;
import java.util.List;

/** Where a token kind writes the coalesced last uses of its tokens. */
public interface LastUsedSink {
    TokenKind kind();

    void write(Collection<LastUse> uses);

    /**
     * A use from an address other than the one stored for the token before this flush.
     *
     * @param previousIp the address stored before; never null (a first use is not a change)
     */
    record NewAddress(LastUse use, String previousIp) {
    }

    /**
     * Writes like {@link #write} and returns the uses whose address differs from the one stored
     * before, so the app can record {@code token.used_from_new_ip}. Comparing with the stored value
     * at flush time costs one read per token per flush interval and sees other nodes' uses too.
     * The default reports nothing: a kind opts in by overriding it.
     */
    default List<NewAddress> writeReportingNewAddresses(Collection<LastUse> uses) {
        write(uses);
        return List.of();
    }
}
