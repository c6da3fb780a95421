package dev.latchkey.app.observability;

import io.micronaut.context.annotation.Requires;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Traces are of requests: a span that would start a trace without being a request's server span
 * is dropped. Otherwise every node's background work (the invalidation journal polled every
 * {@code latchkey.cluster.poll}, last-use flushes, webhook polls) would export a trace of one
 * database statement several times a second and bury the requests. Whatever sampler is configured
 * ({@code otel.traces.sampler}) still decides for the rest.
 */
@Singleton
@Requires(property = "latchkey.tracing.enabled", value = "true")
class RequestsOnlySampler implements OpenTelemetryBuilderCustomizer {
    @Override
    public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addSamplerCustomizer((configured, properties) -> new Sampler() {
            @Override
            public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                               Attributes attributes, List<LinkData> links) {
                if (kind != SpanKind.SERVER && !Span.fromContext(parent).getSpanContext().isValid()) {
                    return SamplingResult.drop();
                }
                return configured.shouldSample(parent, traceId, name, kind, attributes, links);
            }

            @Override
            public String getDescription() {
                return "RequestsOnly{" + configured.getDescription() + "}";
            }
        });
    }
}
