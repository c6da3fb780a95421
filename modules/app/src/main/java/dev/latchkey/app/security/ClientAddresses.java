package dev.latchkey.app.security;

import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.tokens.core.TokenRedaction;
import inet.ipaddr.IPAddressString;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The client address that IP restrictions are checked against: the socket peer, unless the peer is
 * a configured trusted proxy, in which case the right-most untrusted X-Forwarded-For entry. A
 * header from anyone else is ignored, or any client could claim any address.
 */
@Singleton
public class ClientAddresses {
    private final List<IPAddressString> trustedProxies;

    public ClientAddresses(@Value("${latchkey.http.trusted-proxies:}") List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(IPAddressString::new).toList();
    }

    public String of(HttpRequest<?> request) {
        String peer = request.getRemoteAddress().getAddress() == null
                ? request.getRemoteAddress().getHostString()
                : request.getRemoteAddress().getAddress().getHostAddress();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.getHeaders().get("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isTrusted(hop)) {
                return forwarded(hop);
            }
        }
        return forwarded(hops[0].trim());
    }

    /**
     * A forwarded hop is client text, and it is stored (last-used address, audit trail): anything in
     * it that looks like a token is blanked and it is cut to the column. A hop that is no address
     * matches no IP restriction, so the request still fails closed.
     */
    private static String forwarded(String hop) {
        return TokenRedaction.redactThenCut(hop, AuditTrail.MAX_IP);
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
}
