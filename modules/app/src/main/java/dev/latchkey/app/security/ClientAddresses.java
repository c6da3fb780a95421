package dev.latchkey.app.security;

import dev.latchkey.directory.access.ClientAddress;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.TokenRedaction;
import inet.ipaddr.IPAddressString;
import dev.latchkey.app.config.HttpSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The client address that IP restrictions, rate limits and the audit trail use: the socket peer,
 * unless the peer is a configured trusted proxy. Then the forwarding header the operator chose
 * ({@code latchkey.http.forwarded-header}: {@code X-Forwarded-For}, the default, or RFC 7239
 * {@code Forwarded}; only that one, because a proxy that writes one of them passes the other through
 * from the client untouched) is read over every header line, in order, and walked from the right:
 * the first hop that is not a trusted proxy is the client. A header from anyone else is ignored, or
 * any client could claim any address.
 *
 * <p>A hop that is not a plain IP address ({@code unknown}, an obfuscated {@code _name}, garbage)
 * ends the walk as the client, reported as {@link #UNKNOWN}: it matches no IP restriction and all
 * such callers share one rate-limit bucket, so nobody can choose an address by sending one. If every
 * hop is a trusted proxy, the left-most is the client.
 */
@Singleton
public class ClientAddresses implements ClientAddress {
    /** The client address when the trusted proxy could not name it. */
    public static final String UNKNOWN = "unknown";

    private final List<IPAddressString> trustedProxies;
    private final boolean rfc7239;

    @jakarta.inject.Inject
    public ClientAddresses(HttpSettings settings) {
        this(settings.trustedProxies(), settings.forwardedHeader());
    }

    public ClientAddresses(List<String> trustedProxies, String forwardedHeader) {
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(IPAddressString::new).toList();
        String header = forwardedHeader.trim().toLowerCase(Locale.ROOT);
        if (!header.equals("x-forwarded-for") && !header.equals("forwarded")) {
            throw new ConfigurationException("latchkey.http.forwarded-header must be X-Forwarded-For or Forwarded");
        }
        this.rfc7239 = header.equals("forwarded");
    }

    @Override
    public String of(HttpRequest<?> request) {
        String peer = request.getRemoteAddress().getAddress() == null
                ? request.getRemoteAddress().getHostString()
                : request.getRemoteAddress().getAddress().getHostAddress();
        List<String> lines = request.getHeaders().getAll(rfc7239 ? HttpHeaders.FORWARDED : "X-Forwarded-For");
        return resolve(peer, lines, rfc7239, this::isTrusted);
    }

    /** The walk itself, apart from HTTP: {@code lines} are the header's lines in the order received. */
    static String resolve(String peer, List<String> lines, boolean rfc7239, Predicate<String> trusted) {
        if (!trusted.test(peer)) {
            return peer;
        }
        List<String> hops = rfc7239 ? ForwardedHops.forwardedFor(lines) : ForwardedHops.xForwardedFor(lines);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = ForwardedHops.address(hops.get(i));
            if (hop == null) {
                return UNKNOWN;
            }
            client = hop;
            if (!trusted.test(hop)) {
                return hop;
            }
        }
        return client;
    }

    /**
     * The client's User-Agent with any token blanked out, then cut to what the audit trail keeps
     * (in that order: cut first, a token at the limit would leave half of itself); null if none was sent.
     */
    public static String userAgent(HttpRequest<?> request) {
        String agent = request.getHeaders().get(HttpHeaders.USER_AGENT);
        if (agent == null || agent.isBlank()) {
            return null;
        }
        return TokenRedaction.redactThenCut(agent, AuditTrail.MAX_USER_AGENT);
    }

    private boolean isTrusted(String address) {
        if (trustedProxies.isEmpty() || address == null) {
            return false;
        }
        IPAddressString candidate = new IPAddressString(address);
        if (!candidate.isIPAddress()) {
            return false;
        }
        for (IPAddressString proxy : trustedProxies) {
            if (proxy.contains(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Splitting the two forwarding headers into hops, and a hop into an address. */
    static final class ForwardedHops {
        private ForwardedHops() {
        }

        /** Every comma-separated entry of every X-Forwarded-For line, left to right. */
        static List<String> xForwardedFor(List<String> lines) {
            List<String> hops = new ArrayList<>();
            for (String line : lines) {
                for (String entry : line.split(",", -1)) {
                    hops.add(entry.trim());
                }
            }
            return hops;
        }

        /**
         * The {@code for=} of every element of every Forwarded line (RFC 7239 section 4), left to right;
         * an element without one is a hop nobody named (empty string).
         */
        static List<String> forwardedFor(List<String> lines) {
            List<String> hops = new ArrayList<>();
            for (String line : lines) {
                if (!quotesClose(line)) {
                    // an open quote swallows what a proxy appended to the same line ("for=1.2.3.4;x=\"" then
                    // ", for=<real client>"): the hops cannot be told apart, so the line is one unnamed hop
                    hops.add("");
                    continue;
                }
                for (String element : splitOutsideQuotes(line, ',')) {
                    String node = "";
                    for (String pair : splitOutsideQuotes(element, ';')) {
                        int eq = pair.indexOf('=');
                        if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                            node = unquote(pair.substring(eq + 1).trim());
                        }
                    }
                    hops.add(node);
                }
            }
            return hops;
        }

        /**
         * The canonical address of a hop written as an IPv4 address, an IPv6 address, either with a
         * port ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}) or an IPv6 in brackets; null otherwise.
         */
        static String address(String hop) {
            String host = hop.trim();
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0 || !(close == host.length() - 1 || port(host.substring(close + 1)))) {
                    return null;
                }
                host = host.substring(1, close);
                return host.contains(":") ? IpRestrictions.canonicalClientAddress(host) : null;
            }
            int colon = host.indexOf(':');
            if (colon >= 0 && colon == host.lastIndexOf(':')) {
                // IPv4 with a port; a bare IPv6 has more than one colon
                if (!port(host.substring(colon))) {
                    return null;
                }
                host = host.substring(0, colon);
                return host.contains(".") ? IpRestrictions.canonicalClientAddress(host) : null;
            }
            return IpRestrictions.canonicalClientAddress(host);
        }

        private static boolean port(String suffix) {
            return suffix.matches(":[0-9]{1,5}") && Integer.parseInt(suffix.substring(1)) <= 65_535;
        }

        private static String unquote(String value) {
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            return value;
        }

        /** Whether every quoted string of the line ends (a backslash inside quotes escapes the next character). */
        private static boolean quotesClose(String line) {
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted) {
                    i++;
                }
            }
            return !quoted;
        }

        private static List<String> splitOutsideQuotes(String text, char separator) {
            List<String> parts = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted && i + 1 < text.length()) {
                    current.append(c).append(text.charAt(++i));
                    continue;
                } else if (c == separator && !quoted) {
                    parts.add(current.toString().trim());
                    current.setLength(0);
                    continue;
                }
                current.append(c);
            }
            parts.add(current.toString().trim());
            return parts;
        }
    }
}
