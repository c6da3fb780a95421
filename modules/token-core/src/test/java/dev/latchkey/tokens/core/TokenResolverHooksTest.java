package dev.latchkey.tokens.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenResolverHooksTest {

    /** A kind that implements only resolution, as the other branches' resolvers did before the hooks. */
    private static final TokenResolver RESOLVE_ONLY = new TokenResolver() {
        @Override
        public TokenKind kind() {
            return TokenKind.SERVICE;
        }

        @Override
        public TokenResolution resolve(ParsedToken token, RequestContext context) {
            return new TokenResolution.Refused(RefusalReason.UNKNOWN, null);
        }
    };

    @Test
    void aKindWithoutTheHooksKnowsNoFactsAndRevokesNothing() {
        UUID id = UUID.randomUUID();
        assertTrue(RESOLVE_ONLY.facts(id).isEmpty());
        assertFalse(RESOLVE_ONLY.revoke(id, "leaked: test"));
    }

    @Test
    void factsAreImmutableAndNameTheirSubjectInThePublicForm() {
        UUID user = UUID.randomUUID();
        Map<String, Object> grant = new HashMap<>(Map.of("scopes", List.of("user:read")));
        TokenFacts facts = new TokenFacts(TokenKind.PERSONAL, UUID.randomUUID(), TokenFacts.userSubject(user),
                Instant.EPOCH, null, null, grant, user);
        grant.clear();
        assertEquals(List.of("user:read"), facts.grant().get("scopes"));
        assertThrows(UnsupportedOperationException.class, () -> facts.grant().put("x", 1));
        assertEquals("user:" + user, facts.subject());
        assertEquals("workspace:" + user, TokenFacts.workspaceSubject(user));
        assertEquals("service:" + user, TokenFacts.serviceSubject(user));
        assertEquals(Map.of(), new TokenFacts(TokenKind.WORKSPACE, user, "workspace:" + user, Instant.EPOCH, null,
                user, null, null).grant());
    }

    @Test
    void kindsHaveTheirPublicNames() {
        assertEquals("personal", TokenKind.PERSONAL.code());
        assertEquals("workspace", TokenKind.WORKSPACE.code());
        assertEquals("service", TokenKind.SERVICE.code());
    }

    @Test
    void everySinkReportsAUseFromAnotherAddressThanTheStoredOneButNotAFirstUseOrTheSameAddress() {
        java.util.Map<UUID, String> stored = new java.util.HashMap<>();
        UUID known = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        UUID same = UUID.randomUUID();
        stored.put(known, "192.0.2.1");
        stored.put(same, "192.0.2.9");
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        LastUsedSink sink = new LastUsedSink() {
            @Override
            public TokenKind kind() {
                return TokenKind.WORKSPACE;
            }

            @Override
            public java.util.Map<UUID, String> lastUsedIps(java.util.Collection<UUID> tokenIds) {
                reads.incrementAndGet();
                java.util.Map<UUID, String> found = new java.util.HashMap<>();
                tokenIds.stream().filter(stored::containsKey).forEach(id -> found.put(id, stored.get(id)));
                return found;
            }

            @Override
            public boolean recordLastUse(UUID tokenId, Instant at, String ip) {
                stored.put(tokenId, ip);
                return true;
            }
        };
        LastUse moved = new LastUse(TokenKind.WORKSPACE, known, Instant.EPOCH, "198.51.100.7");
        List<LastUsedSink.NewAddress> changes = sink.writeReportingNewAddresses(List.of(moved,
                new LastUse(TokenKind.WORKSPACE, fresh, Instant.EPOCH, "192.0.2.2"),
                new LastUse(TokenKind.WORKSPACE, same, Instant.EPOCH, "192.0.2.9")));
        assertEquals(List.of(new LastUsedSink.NewAddress(moved, "192.0.2.1")), changes);
        assertEquals("192.0.2.2", stored.get(fresh));
        assertEquals(1, reads.get(), "the stored addresses of a batch are read together, once");
    }
}
