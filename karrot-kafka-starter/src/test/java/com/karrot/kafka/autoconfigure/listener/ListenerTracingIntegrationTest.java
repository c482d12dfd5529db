package com.karrot.kafka.autoconfigure.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.EventMetadata;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.test.KarrotKafkaTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of a service method that publishes through the outbox continues in the {@code @KarrotEventListener}
 * that handles the event: the outbox keeps the publishing span's W3C {@code traceparent} in the event's headers, and
 * the listener container's observation ({@code spring.kafka.listener.observation-enabled}) starts a consumer span
 * under it.
 */
@SpringBootTest(classes = ListenerTracingIntegrationTest.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:listener-tracing;DB_CLOSE_DELAY=-1",
        "spring.application.name=listener-tracing",
        "karrot.kafka.outbox.route-check=off",
        "karrot.kafka.outbox.topics.listing=" + ListenerTracingIntegrationTest.TOPIC,
        "spring.kafka.consumer.auto-offset-reset=earliest",
        "spring.kafka.listener.observation-enabled=true",
        "spring.kafka.template.observation-enabled=true" })
@KarrotKafkaTest
class ListenerTracingIntegrationTest {

    static final String TOPIC = "listener-tracing-listings";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    ListingService listings;

    @Autowired
    ListingListener listener;

    @Autowired
    ObservationRegistry observations;

    @Autowired
    Tracer tracer;

    @Autowired
    FinishedSpans finishedSpans;

    @Test
    void listenerContinuesTheTraceOfThePublishingTransaction() {
        String listingId = "listing-" + UUID.randomUUID();
        Span publishing = Observation.createNotStarted("list item", this.observations).observe(() -> {
            this.listings.list(listingId);
            return this.tracer.currentSpan();
        });
        assertThat(publishing).isNotNull();

        await().atMost(TIMEOUT).until(() -> this.listener.handled.containsKey(listingId));
        Handled handled = this.listener.handled.get(listingId);
        assertThat(handled.traceparent()).isEqualTo(
                "00-" + publishing.context().traceId() + "-" + publishing.context().spanId() + "-01");
        TraceContext inHandler = handled.span();
        assertThat(inHandler).as("the span in scope in the handler").isNotNull();
        assertThat(inHandler.traceId()).isEqualTo(publishing.context().traceId());
        assertThat(inHandler.parentId()).isEqualTo(publishing.context().spanId());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.finishedSpans.spans).anySatisfy(span -> {
            assertThat(span.id()).isEqualTo(inHandler.spanId());
            assertThat(span.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
            assertThat(span.name()).isEqualTo(TOPIC + " process");
        }));
    }

    @EventType(value = "LISTING_CREATED", aggregateType = "listing")
    record ListingCreated(@AggregateId String listingId) {
    }

    record Handled(@Nullable TraceContext span, @Nullable String traceparent) {
    }

    @Service
    static class ListingService {

        private final KarrotEventPublisher events;

        ListingService(KarrotEventPublisher events) {
            this.events = events;
        }

        @Transactional
        public void list(String listingId) {
            this.events.publish(new ListingCreated(listingId));
        }
    }

    static class ListingListener {

        final Map<String, Handled> handled = new ConcurrentHashMap<>();

        private final Tracer tracer;

        ListingListener(Tracer tracer) {
            this.tracer = tracer;
        }

        @KarrotEventListener(topics = TOPIC)
        void on(ListingCreated event, EventMetadata metadata) {
            Span current = this.tracer.currentSpan();
            this.handled.put(event.listingId(),
                    new Handled(current != null ? current.context() : null, metadata.headers().get("traceparent")));
        }
    }

    /** The spans Brave has finished, to see the one the listener container's observation made. */
    static class FinishedSpans extends SpanHandler {

        final Queue<MutableSpan> spans = new ConcurrentLinkedQueue<>();

        @Override
        public boolean end(brave.propagation.TraceContext context, MutableSpan span, Cause cause) {
            this.spans.add(span);
            return true;
        }
    }

    /** Tracing as Spring Boot sets it up with Brave and W3C propagation, without its tracing auto-configuration. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ListingService.class)
    static class App {

        @Bean
        FinishedSpans finishedSpans() {
            return new FinishedSpans();
        }

        @Bean(destroyMethod = "close")
        Tracing braveTracing(FinishedSpans finishedSpans) {
            return Tracing.newBuilder()
                .traceId128Bit(true)
                .sampler(Sampler.ALWAYS_SAMPLE)
                .currentTraceContext(ThreadLocalCurrentTraceContext.create())
                .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
                .addSpanHandler(finishedSpans)
                .build();
        }

        @Bean
        Tracer tracer(Tracing tracing) {
            return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
                    new BraveBaggageManager());
        }

        @Bean
        Propagator propagator(Tracing tracing) {
            return new BravePropagator(tracing);
        }

        @Bean
        ObservationHandler<Observation.Context> tracingObservationHandler(Tracer tracer, Propagator propagator) {
            return new FirstMatchingCompositeObservationHandler(
                    new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                    new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                    new DefaultTracingObservationHandler(tracer));
        }

        @Bean
        ListingListener listingListener(Tracer tracer) {
            return new ListingListener(tracer);
        }
    }
}
