package dev.latchkey.notifications.webhooks;

import dev.latchkey.directory.common.ProblemException;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may point. A URL is absolute {@code http} or {@code https}, has a host and no user
 * info; unless {@code latchkey.webhooks.allow-private} is on, a host that is (or, at delivery,
 * resolves to) a loopback, private, link-local, unique-local, shared (CGNAT), multicast or
 * unspecified address is refused, so a workspace manager cannot make Latchkey call into its own
 * network. Names are checked again at every delivery ({@link #refusal(InetAddress)}), since what a
 * name resolves to can change after the endpoint was saved.
 */
public final class WebhookUrls {
    public static final int MAX_LENGTH = 2000;

    private WebhookUrls() {
    }

    /** The URL, checked; a bad one is a 400 naming {@code field}. */
    public static URI validate(String field, String url, boolean allowPrivate) {
        if (url == null || url.isBlank()) {
            throw ProblemException.badRequest(field, field + " is required: an http:// or https:// URL");
        }
        if (url.length() > MAX_LENGTH) {
            throw ProblemException.badRequest(field, field + " is at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ProblemException.badRequest(field, field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ProblemException.badRequest(field, field + " must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ProblemException.badRequest(field, field + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.badRequest(field, field + " must not hold user info; authenticate with the signature");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.badRequest(field, field + " must not have a #fragment");
        }
        if (!allowPrivate) {
            String host = host(uri);
            if (isLocalName(host)) {
                throw ProblemException.badRequest(field, field + " points to a local host name; "
                        + "private addresses are refused (latchkey.webhooks.allow-private)");
            }
            literal(host).flatMap(WebhookUrls::refusal).ifPresent(why -> {
                throw ProblemException.badRequest(field, field + " points to a " + why
                        + " address; such addresses are refused (latchkey.webhooks.allow-private)");
            });
        }
        return uri;
    }

    /** The host without IPv6 brackets, lower-case. */
    static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isLocalName(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal")
                || h.endsWith(".localdomain");
    }

    /** The address an IP literal names, without any lookup; empty for a name. */
    static Optional<InetAddress> literal(String host) {
        boolean v4 = host.matches("[0-9.]+");
        boolean v6 = host.contains(":");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // a literal is parsed, not resolved
            return Optional.of(InetAddress.getByName(v6 ? host : IDN.toASCII(host)));
        } catch (UnknownHostException e) {
            throw ProblemException.badRequest("url", "url has an invalid IP address");
        }
    }

    /** Why an address may not receive webhooks, or empty if it may. */
    public static Optional<String> refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return Optional.of("shared (100.64.0.0/10)");
        }
        if (b.length == 4 && (b[0] & 0xff) == 0) {
            return Optional.of("unspecified");
        }
        if (b.length == 16 && (b[0] & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        return Optional.empty();
    }
}
