package com.karrot.kafka.autoconfigure.outbox;

import java.util.Map;

import com.karrot.kafka.outbox.OutboxHeadersContributor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Captures the trace context of the publishing span (W3C {@code traceparent} with Boot's default propagation) into
 * the event's headers, so that the trace continues through the outbox to the consumers. Adds nothing when
 * tracing is not set up or no span is current.
 */
final class TraceContextHeadersContributor implements OutboxHeadersContributor {

    private final ObjectProvider<Tracer> tracer;

    private final ObjectProvider<Propagator> propagator;

    TraceContextHeadersContributor(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public void contribute(Object event, Map<String, String> headers) {
        Tracer currentTracer = this.tracer.getIfAvailable();
        Propagator currentPropagator = this.propagator.getIfAvailable();
        if (currentTracer == null || currentPropagator == null) {
            return;
        }
        Span span = currentTracer.currentSpan();
        if (span != null) {
            currentPropagator.inject(span.context(), headers, Map::put);
        }
    }
}
