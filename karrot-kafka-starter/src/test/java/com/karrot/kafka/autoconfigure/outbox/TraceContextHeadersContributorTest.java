package com.karrot.kafka.autoconfigure.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

import brave.Tracing;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextHeadersContributorTest {

    @Test
    void capturesTheW3cTraceparentOfTheCurrentSpan() {
        BraveBaggageManager baggage = new BraveBaggageManager();
        Tracing tracing = Tracing.newBuilder()
            .traceId128Bit(true)
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .propagationFactory(new W3CPropagation(baggage, java.util.List.of()))
            .build();
        try {
            Tracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
                    baggage);
            TraceContextHeadersContributor contributor = contributor(tracer, new BravePropagator(tracing));
            Span span = tracer.nextSpan().name("sell item").start();
            Map<String, String> headers = new LinkedHashMap<>();
            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                contributor.contribute(new Object(), headers);
            }
            finally {
                span.end();
            }
            assertThat(headers.get("traceparent"))
                .isEqualTo("00-" + span.context().traceId() + "-" + span.context().spanId() + "-01");
        }
        finally {
            tracing.close();
        }
    }

    @Test
    void addsNothingWithoutTracing() {
        Map<String, String> headers = new LinkedHashMap<>();
        new TraceContextHeadersContributor(new StaticListableBeanFactory().getBeanProvider(Tracer.class),
                new StaticListableBeanFactory().getBeanProvider(Propagator.class))
            .contribute(new Object(), headers);
        assertThat(headers).isEmpty();
    }

    private static TraceContextHeadersContributor contributor(Tracer tracer, Propagator propagator) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("tracer", tracer, "propagator", propagator));
        return new TraceContextHeadersContributor(beans.getBeanProvider(Tracer.class), beans.getBeanProvider(Propagator.class));
    }
}
