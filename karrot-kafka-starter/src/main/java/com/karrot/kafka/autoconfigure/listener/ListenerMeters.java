package com.karrot.kafka.autoconfigure.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.karrot.kafka.listener.EventListenerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of {@code @KarrotEventListener} containers, tagged with the container id ({@code listener})
 * and the event type ({@code event.type}), and records without event type by container and {@code topic}. The meters of a listener and type are registered on their first
 * record and kept, so that a record costs no registry look-up.
 */
final class ListenerMeters implements EventListenerObserver, MeterBinder {

    private final Map<String, Map<String, Meters>> meters = new ConcurrentHashMap<>();

    private final Map<List<String>, Counter> untyped = new ConcurrentHashMap<>();

    private volatile @Nullable MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handled(String listenerId, String eventType, Duration duration, @Nullable Throwable failure) {
        Meters meters = meters(listenerId, eventType);
        if (meters != null) {
            meters.handler.record(duration);
            if (failure == null) {
                meters.processed.increment();
            }
        }
    }

    @Override
    public void retrying(String listenerId, String eventType, Throwable failure) {
        Meters meters = meters(listenerId, eventType);
        if (meters != null) {
            meters.retried.increment();
        }
    }

    @Override
    public void deadLettered(String listenerId, String eventType, Throwable failure) {
        Meters meters = meters(listenerId, eventType);
        if (meters != null) {
            meters.deadLettered.increment();
        }
    }

    @Override
    public void skipped(String listenerId, String eventType) {
        Meters meters = meters(listenerId, eventType);
        if (meters != null) {
            meters.skipped.increment();
        }
    }

    @Override
    public void untyped(String listenerId, String topic) {
        MeterRegistry registry = this.registry;
        if (registry != null) {
            this.untyped.computeIfAbsent(List.of(listenerId, topic), key -> Counter.builder("karrot.kafka.listener.untyped")
                .description("Records without ce_type header, acknowledged without handling")
                .tags("listener", listenerId, "topic", topic)
                .register(registry)).increment();
        }
    }

    @Override
    public void replayForOtherGroup(String listenerId, String eventType) {
        Meters meters = meters(listenerId, eventType);
        if (meters != null) {
            meters.otherGroupReplays.increment();
        }
    }

    @Override
    public void duplicate(String listenerId, String eventType) {
        Meters meters = meters(listenerId, eventType);
        if (meters != null) {
            meters.duplicates.increment();
        }
    }

    private @Nullable Meters meters(String listenerId, String eventType) {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return null;
        }
        return this.meters.computeIfAbsent(listenerId, key -> new ConcurrentHashMap<>())
            .computeIfAbsent(eventType, key -> new Meters(registry, Tags.of("listener", listenerId, "event.type", eventType)));
    }

    private static final class Meters {

        final Counter processed;

        final Counter retried;

        final Counter deadLettered;

        final Counter skipped;

        final Counter duplicates;

        final Counter otherGroupReplays;

        final Timer handler;

        Meters(MeterRegistry registry, Tags tags) {
            this.processed = Counter.builder("karrot.kafka.listener.processed")
                .description("Records whose handler method returned")
                .tags(tags)
                .register(registry);
            this.retried = Counter.builder("karrot.kafka.listener.retried")
                .description("Deliveries of failed records that were retried after a back-off")
                .tags(tags)
                .register(registry);
            this.deadLettered = Counter.builder("karrot.kafka.listener.dead-lettered")
                .description("Records written to their dead-letter topic")
                .tags(tags)
                .register(registry);
            this.skipped = Counter.builder("karrot.kafka.listener.skipped")
                .description("Records of an event type no listener handles, acknowledged without handling")
                .tags(tags)
                .register(registry);
            this.duplicates = Counter.builder("karrot.kafka.listener.duplicates")
                .description("Redelivered events an idempotent listener had processed already, skipped by the inbox")
                .tags(tags)
                .register(registry);
            this.otherGroupReplays = Counter.builder("karrot.kafka.listener.replays-for-other-groups")
                .description("Replayed dead letters meant for the consumer group that dead-lettered them, skipped by the others")
                .tags(tags)
                .register(registry);
            this.handler = Timer.builder("karrot.kafka.listener.handler")
                .description("Time spent in handler methods, failed calls included")
                .tags(tags)
                .register(registry);
        }
    }
}
