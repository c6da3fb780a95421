package dev.latchkey.tokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRestrictionsTest {

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        // IPv4 exact and prefixes
        "10.0.0.1,             10.0.0.1,          true",
        "10.0.0.1,             10.0.0.2,          false",
        "10.0.0.1/32,          10.0.0.1,          true",
        "10.0.0.1/32,          10.0.0.2,          false",
        "10.0.0.0/8,           10.255.255.255,    true",
        "10.0.0.0/8,           11.0.0.0,          false",
        "192.168.1.0/24,       192.168.1.200,     true",
        "192.168.1.0/24,       192.168.2.1,       false",
        "10.0.0.5/8,           10.200.0.1,        true",
        "0.0.0.0/0,            203.0.113.9,       true",
        // IPv6
        "2001:db8::/32,        2001:db8:ffff::1,  true",
        "2001:db8::/32,        2001:db9::1,       false",
        "2001:db8::1/128,      2001:db8::1,       true",
        "2001:db8::1/128,      2001:db8::2,       false",
        "2001:db8::1,          2001:0DB8:0:0::1,  true",
        "2001:db8::/32,        fe80::1%eth0,      false",
        "fe80::/10,            fe80::1%eth0,      true",
        // IPv4-mapped IPv6 clients match IPv4 rules, and IPv4 clients match mapped rules
        "10.0.0.0/8,           ::ffff:10.0.0.1,   true",
        "10.0.0.0/8,           ::ffff:11.0.0.1,   false",
        "10.0.0.0/8,           ::FFFF:a00:1,      true",
        "::ffff:10.0.0.0/104,  10.1.2.3,          true",
        "::ffff:10.0.0.1,      10.0.0.1,          true",
        "::ffff:0:0/95,        10.0.0.1,          true",
        // families do not mix otherwise
        "2001:db8::/32,        10.0.0.1,          false",
        "::/0,                 ::1,               true",
        "10.0.0.0/8,           2001:db8::1,       false",
        // client strings that are not a single address fail closed
        "0.0.0.0/0,            garbage,           false",
        "0.0.0.0/0,            '',                false",
        "0.0.0.0/0,            10.0.0.0/8,        false",
        "0.0.0.0/0,            localhost,         false",
        "0.0.0.0/0,            010.0.0.1,         false",
        "0.0.0.0/0,            10.1,              false",
        "0.0.0.0/0,            10.0.0.1-10.0.0.9, false",
    })
    void aSingleRuleMatchesClients(String rule, String client, boolean allowed) {
        assertEquals(allowed, IpRestrictions.parse(List.of(rule)).allows(client));
    }

    @Test
    void aClientIsAllowedIfAnyRuleMatches() {
        IpRestrictions restrictions = IpRestrictions.parse(List.of("10.0.0.0/8", "2001:db8::/32", "203.0.113.7"));

        assertTrue(restrictions.allows("203.0.113.7"));
        assertTrue(restrictions.allows("2001:db8::42"));
        assertTrue(restrictions.allows("10.9.8.7"));
        assertFalse(restrictions.allows("203.0.113.8"));
        assertFalse(restrictions.allows((String) null));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noEntriesMeansUnrestricted(List<String> entries) {
        IpRestrictions restrictions = IpRestrictions.parse(entries);

        assertTrue(restrictions.isUnrestricted());
        assertEquals(List.of(), restrictions.normalized());
        assertTrue(restrictions.allows("198.51.100.1"));
        assertTrue(restrictions.allows("garbage"));
        assertTrue(restrictions.allows((String) null));
        assertSame(IpRestrictions.unrestricted(), restrictions);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.1,                  10.0.0.1",
        "10.0.0.5/8,                10.0.0.0/8",
        "10.0.0.1/32,               10.0.0.1",
        "192.168.1.77/24,           192.168.1.0/24",
        "0.0.0.0/0,                 0.0.0.0/0",
        "' 10.0.0.1 ',              10.0.0.1",
        "2001:DB8:0:0:0:0:0:1,      2001:db8::1",
        "2001:db8::1/128,           2001:db8::1",
        "2001:db8:1234::/32,        2001:db8::/32",
        "::ffff:10.0.0.0/104,       10.0.0.0/8",
        "::ffff:10.1.2.3,           10.1.2.3",
        "::ffff:0:0/95,             ::fffe:0:0/95",
    })
    void entriesAreStoredInCanonicalForm(String entry, String normalized) {
        assertEquals(List.of(normalized), IpRestrictions.parse(List.of(entry)).normalized());
    }

    @Test
    void entriesThatNormalizeAlikeAreKeptOnceInTheOrderGiven() {
        IpRestrictions restrictions =
                IpRestrictions.parse(List.of("2001:db8::/32", "10.0.0.5/8", "10.0.0.0/8", "::ffff:10.0.0.0/104"));

        assertEquals(List.of("2001:db8::/32", "10.0.0.0/8"), restrictions.normalized());
        assertEquals(IpRestrictions.parse(List.of("2001:db8::/32", "10.0.0.0/8")), restrictions);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.0/33", "2001:db8::/129", "abc", "example.com", "localhost", "10.0.0.1-10.0.0.9", "10.0.0.*",
        "10.0.0.0/255.0.0.0", "010.0.0.1", "10.1", "167772161", "0x0a000001", "fe80::1%eth0", "[::1]",
        "10.0.0.1/", "/8", "*", "10.0.0.1 10.0.0.2",
    })
    void anythingButAnAddressOrCidrIsRefusedByName(String entry) {
        InvalidTokenSettingsException e = assertThrows(InvalidTokenSettingsException.class,
                () -> IpRestrictions.parse(List.of("10.0.0.1", entry)));

        assertEquals("not an IP address or CIDR: '" + entry + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aBlankEntryIsRefused(String entry) {
        assertThrows(InvalidTokenSettingsException.class, () -> IpRestrictions.parse(List.of(entry)));
    }

    @Test
    void aNullEntryIsRefused() {
        assertThrows(InvalidTokenSettingsException.class, () -> IpRestrictions.parse(Arrays.asList("10.0.0.1", null)));
    }

    @Test
    void aVeryLongEntryIsCutInTheMessage() {
        String entry = "x".repeat(500);

        InvalidTokenSettingsException e =
                assertThrows(InvalidTokenSettingsException.class, () -> IpRestrictions.parse(List.of(entry)));

        assertTrue(e.getMessage().length() < 100, e.getMessage());
    }

    @Test
    void atMostOneHundredEntriesAreAccepted() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add("10.0." + i + ".0/24");
        }
        assertEquals(100, IpRestrictions.parse(entries).normalized().size());

        entries.add("10.0.100.0/24");
        InvalidTokenSettingsException e =
                assertThrows(InvalidTokenSettingsException.class, () -> IpRestrictions.parse(entries));
        assertEquals("at most 100 IP restrictions are allowed, got 101", e.getMessage());
    }

    @Test
    void inetAddressesAreMatchedLikeTheirText() throws Exception {
        IpRestrictions restrictions = IpRestrictions.parse(List.of("10.0.0.0/8", "2001:db8::/32", "fe80::/10"));

        assertTrue(restrictions.allows(InetAddress.getByName("10.1.2.3")));
        assertTrue(restrictions.allows(InetAddress.getByName("2001:db8::1")));
        assertTrue(restrictions.allows(InetAddress.getByAddress(
                new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})));
        assertFalse(restrictions.allows(InetAddress.getByName("192.0.2.1")));
        assertFalse(restrictions.allows((InetAddress) null));
    }

    @Test
    void anIpv4MappedInet6AddressMatchesIpv4Rules() throws Exception {
        // InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; build the IPv6 form directly
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        InetAddress client = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertTrue(IpRestrictions.parse(List.of("10.0.0.0/8")).allows(client));
        assertFalse(IpRestrictions.parse(List.of("11.0.0.0/8")).allows(client));
    }
}
