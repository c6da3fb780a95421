package dev.latchkey.app.integrations;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Where a hot path runs: after every filter but the security filter and what runs after it, so
 * the security headers, request id, path canonicalisation and Basic credentials apply to its
 * answers as to any route's, and what it skips is only the security filter onwards. The HTTP timer
 * runs first of all ({@code FirstServerMetricsFilter}), so it times these answers too.
 */
interface RightBeforeSecurity extends Ordered {
    @Override
    default int getOrder() {
        return ServerFilterPhase.SECURITY.order() - 1;
    }
}
