package dev.latchkey.directory.common;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Latchkey's own spans (docs/operations.md, "Tracing"): token resolve and the engine's check. The
 * tracer exists only when tracing is switched on ({@code LATCHKEY_TRACING_ENABLED}, which enables
 * Micronaut's OpenTelemetry module); otherwise every method here is the bare call behind one null
 * check, so the verify path pays nothing for tracing it does not do.
 *
 * <p>Attributes are set only from closed sets (a kind, an outcome, a reason code, a permission key):
 * never a token, a secret, an address or an id, for the same reason as the metric labels.
 */
@Singleton
public class Spans {
    public static final String RESOLVE = "latchkey.token.resolve";
    public static final String CHECK = "latchkey.authz.check";

    @Nullable
    private final Tracer tracer;

    public Spans(@Nullable Tracer tracer) {
        this.tracer = tracer;
    }

    /** {@code work} in a span named {@code name}, a child of the current one; {@code describe} names its result. */
    public <T> T traced(String name, Supplier<T> work, BiConsumer<Span, T> describe) {
        if (tracer == null) {
            return work.get();
        }
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            describe.accept(span, result);
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The engine's check, traced with the permission asked and the reason decided. */
    public Decision check(AuthorizationEngine engine, CheckRequest request) {
        if (tracer == null) {
            return engine.check(request);
        }
        return traced(CHECK, () -> engine.check(request), (span, decision) -> {
            span.setAttribute("latchkey.permission", request.permission().key());
            span.setAttribute("latchkey.decision.allowed", decision.allowed());
            span.setAttribute("latchkey.decision.reason", decision.reason().code());
        });
    }
}
