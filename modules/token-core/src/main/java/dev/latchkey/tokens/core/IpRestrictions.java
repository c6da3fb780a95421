package dev.latchkey.tokens.core;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client addresses a token may be used from: IPv4 and IPv6 addresses and CIDR blocks.
 * An empty list means unrestricted. The same type serves a workspace policy's allowed ranges.
 *
 * <p>Entries are normalized when parsed, and {@link #normalized()} is what gets stored and
 * shown:
 * <ul>
 *   <li>host bits under a prefix are cleared: {@code 10.0.0.5/8} becomes {@code 10.0.0.0/8},
 *       the block the prefix describes, as {@code ip route} and most firewalls read it;</li>
 *   <li>a full-length prefix is dropped: {@code 10.0.0.1/32} becomes {@code 10.0.0.1};</li>
 *   <li>IPv4-mapped IPv6 is written as IPv4: {@code ::ffff:10.0.0.0/104} becomes
 *       {@code 10.0.0.0/8};</li>
 *   <li>IPv6 is in canonical RFC 5952 form, and duplicates are dropped.</li>
 * </ul>
 * Anything else is refused: host names (a restriction must not depend on DNS), ranges such as
 * {@code 10.0.0.1-10.0.0.9}, wildcards, netmasks, leading zeros (read as octal by some tools)
 * and zones.
 *
 * <p>Matching treats an IPv4 client and its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) as
 * the same host, as dual-stack sockets report either. A client address that does not parse is
 * refused: a restriction must fail closed.
 */
public final class IpRestrictions {

    public static final int MAX_ENTRIES = 100;

    private static final IpRestrictions UNRESTRICTED = new IpRestrictions(List.of());
    private static final int MAX_ECHOED_LENGTH = 64;

    private static final IPAddressStringParameters ENTRY_SYNTAX = strictSyntax(true, false);
    private static final IPAddressStringParameters CLIENT_SYNTAX = strictSyntax(false, true);
    private static final IPAddressGenerator FROM_INET = new IPAddressGenerator();

    private final List<IPAddress> blocks;

    private IpRestrictions(List<IPAddress> blocks) {
        this.blocks = blocks;
    }

    public static IpRestrictions unrestricted() {
        return UNRESTRICTED;
    }

    /**
     * @param entries addresses and CIDRs as a client sent them; null or empty for unrestricted
     * @throws InvalidTokenSettingsException naming the first entry that is not an address or
     *                                       CIDR, or if there are more than {@link #MAX_ENTRIES}
     */
    public static IpRestrictions parse(List<String> entries) {
        return parse("ipRestrictions", entries);
    }

    /** {@link #parse(List)} for the request field {@code field}, which every refusal names. */
    public static IpRestrictions parse(String field, List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return UNRESTRICTED;
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new InvalidTokenSettingsException(field,
                    "at most " + MAX_ENTRIES + " IP restrictions are allowed, got " + entries.size());
        }
        Map<String, IPAddress> byCanonical = new LinkedHashMap<>();
        for (String entry : entries) {
            IPAddress block = normalize(field, entry);
            byCanonical.putIfAbsent(block.toCanonicalString(), block);
        }
        return new IpRestrictions(List.copyOf(byCanonical.values()));
    }

    /** The stored form: normalized entries, comma-separated; null when unrestricted. */
    public String storageForm() {
        return isUnrestricted() ? null : String.join(",", normalized());
    }

    /** Reads {@link #storageForm()} back. */
    public static IpRestrictions fromStorage(String stored) {
        return stored == null || stored.isEmpty() ? UNRESTRICTED : parse(java.util.Arrays.asList(stored.split(",")));
    }

    /** The entries of a stored form, for display, without re-parsing. */
    public static List<String> storedEntries(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    public boolean isUnrestricted() {
        return blocks.isEmpty();
    }

    /** Canonical entries, in the order first given; empty when unrestricted. */
    public List<String> normalized() {
        List<String> out = new ArrayList<>(blocks.size());
        for (IPAddress block : blocks) {
            out.add(block.toCanonicalString());
        }
        return List.copyOf(out);
    }

    /**
     * Whether a client at {@code clientIp} (a bare address, as a socket reports it) may use the
     * token. Null or unparseable addresses are refused unless unrestricted.
     */
    public boolean allows(String clientIp) {
        if (isUnrestricted()) {
            return true;
        }
        if (clientIp == null) {
            return false;
        }
        IPAddress client = new IPAddressString(clientIp.trim(), CLIENT_SYNTAX).getAddress();
        return client != null && matches(client);
    }

    /**
     * Whether these restrictions admit some client that {@code before} refused: a change from
     * {@code before} to this one widens where a token may be used from. Clearing the list widens
     * (unrestricted admits everything); a list whose every block lies inside some block of
     * {@code before} does not.
     */
    public boolean widens(IpRestrictions before) {
        if (before.isUnrestricted()) {
            return false;
        }
        if (isUnrestricted()) {
            return true;
        }
        for (IPAddress block : blocks) {
            boolean inside = false;
            for (IPAddress old : before.blocks) {
                if (old.getIPVersion() == block.getIPVersion() && old.contains(block)) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                return true;
            }
        }
        return false;
    }

    /**
     * One client address written as a bare IPv4 or IPv6 address (no range, prefix, wildcard or
     * shorthand), in canonical form; null if {@code text} is anything else.
     */
    public static String canonicalClientAddress(String text) {
        IPAddress address = text == null ? null : new IPAddressString(text.trim(), CLIENT_SYNTAX).getAddress();
        return address == null ? null : address.toCanonicalString();
    }

    public boolean allows(InetAddress clientIp) {
        if (isUnrestricted()) {
            return true;
        }
        return clientIp != null && matches(FROM_INET.from(clientIp));
    }

    private boolean matches(IPAddress client) {
        IPAddress address = client.isIPv6() ? client.toIPv6().removeZone() : client;
        IPAddress counterpart = counterpart(address);
        for (IPAddress block : blocks) {
            if (block.contains(address) || (counterpart != null && block.contains(counterpart))) {
                return true;
            }
        }
        return false;
    }

    /** The other spelling of the same host: IPv4 <-> IPv4-mapped IPv6, or null if none. */
    private static IPAddress counterpart(IPAddress address) {
        if (address.isIPv4()) {
            return address.toIPv4().getIPv4MappedAddress();
        }
        return address.toIPv6().isIPv4Mapped() ? address.toIPv6().getEmbeddedIPv4Address() : null;
    }

    private static IPAddress normalize(String field, String entry) {
        if (entry == null || entry.isBlank()) {
            throw new InvalidTokenSettingsException(field, "an IP restriction must not be empty");
        }
        IPAddress block;
        try {
            block = new IPAddressString(entry.trim(), ENTRY_SYNTAX).toAddress();
        } catch (AddressStringException e) {
            throw new InvalidTokenSettingsException(field,
                    "not an IP address or CIDR: '" + echo(entry) + "'");
        }
        if (block.isPrefixed()) {
            block = block.toPrefixBlock();
        }
        if (block.isIPv6() && block.toIPv6().isIPv4Mapped()) {
            // the library's default conversion is the IPv4-mapped one; it shifts the prefix by 96
            block = block.toIPv4();
        }
        if (block.isPrefixed() && block.getNetworkPrefixLength() == block.getBitCount()) {
            block = block.withoutPrefixLength();
        }
        return block;
    }

    /** Long client input is cut so an error message stays a message. */
    private static String echo(String entry) {
        return TokenRedaction.echo(entry.trim(), MAX_ECHOED_LENGTH);
    }

    private static IPAddressStringParameters strictSyntax(boolean allowPrefix, boolean allowZone) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowSingleSegment(false)
                .allowPrefix(allowPrefix)
                .allowMask(false)
                .allowPrefixOnly(false)
                .allowWildcardedSeparator(false)
                .setRangeOptions(RangeParameters.NO_RANGE)
                .allow_inet_aton(false);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false);
        builder.getIPv6AddressParametersBuilder()
                .allowZone(allowZone)
                .allowBinary(false)
                .allowBase85(false);
        return builder.toParams();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRestrictions other && normalized().equals(other.normalized());
    }

    @Override
    public int hashCode() {
        return normalized().hashCode();
    }

    @Override
    public String toString() {
        return isUnrestricted() ? "IpRestrictions[unrestricted]" : "IpRestrictions" + normalized();
    }
}
