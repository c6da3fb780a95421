package dev.latchkey.pat.persistence;

import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.TokenKind;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Writes the coalesced last uses of personal tokens, one statement per token per flush. */
@Singleton
class PersonalTokenLastUse implements LastUsedSink {
    private final PersonalTokenRepository tokens;

    PersonalTokenLastUse(PersonalTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.PERSONAL;
    }

    @Override
    @Transactional
    public void write(Collection<LastUse> uses) {
        writeReportingNewAddresses(uses);
    }

    /**
     * One read and one write per token per flush: a use counts as from a new address when the
     * address stored before differs (a first use has nothing to differ from).
     */
    @Override
    @Transactional
    public List<NewAddress> writeReportingNewAddresses(Collection<LastUse> uses) {
        List<NewAddress> changes = new ArrayList<>();
        for (LastUse use : uses) {
            String previous = tokens.findLastUsedIpById(use.tokenId()).orElse(null);
            long written = tokens.recordLastUse(use.tokenId(), use.at(), use.ip());
            if (written == 1 && previous != null && use.ip() != null && !previous.equals(use.ip())) {
                changes.add(new NewAddress(use, previous));
            }
        }
        return changes;
    }
}
