package dev.latchkey.tokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenResolutionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "MALFORMED,        malformed",
        "UNKNOWN,          unknown",
        "EXPIRED,          expired",
        "REVOKED,          revoked",
        "SUPERSEDED,       revoked",
        "IP_NOT_ALLOWED,   ip_not_allowed",
        "SUBJECT_INACTIVE, subject_inactive",
        "POLICY_DENIED,    policy_denied",
        "PENDING_APPROVAL, pending_approval",
        "APPROVAL_DENIED,  approval_denied",
    })
    void refusalReasonsHaveStablePublicCodes(RefusalReason reason, String code) {
        assertEquals(code, reason.code());
    }

    @Test
    void everyRefusalReasonIsInTheTableAbove() {
        assertEquals(10, RefusalReason.values().length);
    }

    @Test
    void aResolutionIsAcceptedOrRefused() {
        UUID tokenId = UUID.randomUUID();
        Principal principal =
                Principal.token(PrincipalKind.SERVICE_TOKEN, UUID.randomUUID(), tokenId, Rights.none(), Rights.none());

        String described = describe(new TokenResolution.Accepted(principal, tokenId))
                + "," + describe(new TokenResolution.Refused(RefusalReason.UNKNOWN, null));

        assertEquals("accepted,unknown", described);
    }

    @Test
    void anAcceptanceNeedsAPrincipalAndATokenId() {
        assertThrows(NullPointerException.class, () -> new TokenResolution.Accepted(null, UUID.randomUUID()));
    }

    @Test
    void aRequestContextNeedsTheTime() {
        assertThrows(NullPointerException.class, () -> new RequestContext("10.0.0.1", null));
    }

    private static String describe(TokenResolution resolution) {
        if (resolution instanceof TokenResolution.Accepted) {
            return "accepted";
        }
        return ((TokenResolution.Refused) resolution).reason().code();
    }
}
