package dev.latchkey.app.observability;

import dev.latchkey.app.security.ProblemAuthorizationExceptionHandler;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id and puts it, with the route, on every log line written for the request
 * (SLF4J MDC, carried across threads by Micronaut's context propagation), echoes it as
 * {@code X-Request-Id}, and writes one access line per request to the {@code latchkey.access}
 * logger: a refusal or failure (status 400 and up) at INFO, anything else at DEBUG.
 *
 * <p>An incoming {@code X-Request-Id} is kept when it is sane (1 to 64 letters, digits,
 * {@code . _ : -}), so a proxy's id follows the request through; anything else, including a value
 * that could carry a token or a line break, is replaced by a fresh UUID. The access line names the
 * route template (never the raw path, which may hold a pasted token), the method, the status and
 * the outcome; never a header, a query or a body.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class RequestLog implements HttpServerFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_ROUTE = "route";
    public static final String MDC_OUTCOME = "outcome";
    public static final String MDC_STATUS = "status";
    private static final Logger ACCESS = LoggerFactory.getLogger("latchkey.access");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Longer than any sane id: a Latchkey token never passes, whatever its characters. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("lk[pws]_.*");

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    /** The id this request goes by: the sane incoming one, else a new UUID. */
    static String idFor(String incoming) {
        if (incoming != null && SANE.matcher(incoming).matches() && !TOKEN_LIKE.matcher(incoming).matches()) {
            return incoming;
        }
        return UUID.randomUUID().toString();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String id = idFor(request.getHeaders().get(HEADER));
        // routing runs before the filters, so the route template is already known here
        Map<String, String> mdc = Map.of(MDC_REQUEST_ID, id,
                MDC_ROUTE, BasicHttpAttributes.getUriTemplate(request).orElse("unmatched"));
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new MdcPropagationContext(mdc)).propagate()) {
            return Publishers.map(chain.proceed(request), response -> {
                response.getHeaders().set(HEADER, id);
                access(request, response, id);
                return response;
            });
        }
    }

    private static void access(HttpRequest<?> request, MutableHttpResponse<?> response, String id) {
        int status = response.code();
        boolean refused = status >= 400;
        if (refused ? !ACCESS.isInfoEnabled() : !ACCESS.isDebugEnabled()) {
            return;
        }
        String route = BasicHttpAttributes.getUriTemplate(request).orElse("unmatched");
        String outcome = outcome(request, status);
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            MDC.put(MDC_REQUEST_ID, id);
            MDC.put(MDC_ROUTE, route);
            MDC.put(MDC_STATUS, Integer.toString(status));
            MDC.put(MDC_OUTCOME, outcome);
            if (refused) {
                ACCESS.info("{} {} -> {} {}", request.getMethodName(), route, status, outcome);
            } else {
                ACCESS.debug("{} {} -> {} {}", request.getMethodName(), route, status, outcome);
            }
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    /** A closed set: ok, a token refusal's public reason, unavailable, or the status class. */
    private static String outcome(HttpRequest<?> request, int status) {
        if (status < 400) {
            return "ok";
        }
        if (request.getAttribute(ProblemAuthorizationExceptionHandler.UNAVAILABLE_ATTRIBUTE).isPresent()) {
            return "unavailable";
        }
        return request.getAttribute(ProblemAuthorizationExceptionHandler.TOKEN_REFUSAL_ATTRIBUTE, String.class)
                .map(reason -> "token_" + reason)
                .orElse(status >= 500 ? "server_error" : status == 429 ? "rate_limited" : "client_error");
    }
}
