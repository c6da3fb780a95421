package dev.latchkey.app.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers every response carries, set in one place so a new endpoint cannot forget them.
 * <ul>
 * <li>{@code Cache-Control: no-store} on everything but the static files: a response may carry a
 * token (create, regenerate, copy of every kind, introspection), and no browser or proxy cache may
 * keep one. The static files ({@code /assets/**}, {@code /swagger/**}, {@code /swagger-ui/**}) hold
 * no secrets and keep the server's caching.</li>
 * <li>A Content-Security-Policy: the dashboard loads only its own scripts, styles and API (it has
 * no inline script or style); Swagger UI's page starts with an inline script, so under
 * {@code /swagger-ui/} inline code is allowed and nothing else is widened.</li>
 * <li>No framing ({@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY}), no MIME sniffing,
 * no Referer to other sites.</li>
 * </ul>
 * Runs first, so it also dresses the refusals of later filters (non-canonical path, 401, 429).
 * The path test is safe because {@link CanonicalPathFilter} refuses every other spelling.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeadersFilter implements Ordered {
    static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (!isStaticFile(path)) {
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        response.header("Content-Security-Policy", path.startsWith("/swagger-ui/") ? SWAGGER_UI_POLICY : DASHBOARD_POLICY);
        response.header("X-Frame-Options", "DENY");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
    }

    private static boolean isStaticFile(String path) {
        return path.startsWith("/assets/") || path.startsWith("/swagger/") || path.startsWith("/swagger-ui/");
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
