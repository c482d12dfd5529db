package com.karrot.kafka.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.serde.EventSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What the builders of the {@linkplain OutboxEventPublisher outbox} and of the {@linkplain DirectEventPublisher
 * direct} publisher share: how an event is routed, serialised and given its headers, so that both put the same
 * event into the same record.
 *
 * @param <B> the concrete builder
 */
public abstract class EnvelopeBuilder<B extends EnvelopeBuilder<B>> {

    private OutboxTopicResolver topics = OutboxTopicResolver.byAggregateType(Map.of());

    private @Nullable EventSerializer serializer;

    private final List<OutboxHeadersContributor> contributors = new ArrayList<>();

    private String source = "/";

    private int maxPayloadBytes = 1024 * 1024;

    private Clock clock = Clock.systemUTC();

    EnvelopeBuilder() {
    }

    /**
     * Sets how events without a topic of their own are routed (default: fail for every aggregate type).
     * @param topics the resolver
     * @return this builder
     */
    public B topics(OutboxTopicResolver topics) {
        Assert.notNull(topics, "topics must not be null");
        this.topics = topics;
        return self();
    }

    /**
     * Sets the serializer of event payloads (required), usually a {@link com.karrot.kafka.serde.JsonEventSerializer}.
     * @param serializer the serializer
     * @return this builder
     */
    public B serializer(EventSerializer serializer) {
        Assert.notNull(serializer, "serializer must not be null");
        this.serializer = serializer;
        return self();
    }

    /**
     * Adds a headers contributor, called in the order added.
     * @param contributor the contributor
     * @return this builder
     */
    public B headersContributor(OutboxHeadersContributor contributor) {
        Assert.notNull(contributor, "contributor must not be null");
        this.contributors.add(contributor);
        return self();
    }

    /**
     * Sets the {@code ce_source} of every event (default {@code /}).
     * @param source a URI reference naming the service, for example {@code /marketplace}
     * @return this builder
     */
    public B source(String source) {
        Assert.hasText(source, "source must not be empty");
        this.source = source;
        return self();
    }

    /**
     * Sets the largest payload accepted at publish time (default 1 MiB, Kafka's default record limit).
     * @param maxPayloadBytes a positive number of bytes
     * @return this builder
     */
    public B maxPayloadBytes(int maxPayloadBytes) {
        Assert.isTrue(maxPayloadBytes > 0, "maxPayloadBytes must be positive");
        this.maxPayloadBytes = maxPayloadBytes;
        return self();
    }

    /**
     * Sets the clock that stamps events (default UTC system clock).
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        Assert.notNull(clock, "clock must not be null");
        this.clock = clock;
        return self();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    EnvelopeWriter envelope() {
        EventSerializer eventSerializer = this.serializer;
        Assert.state(eventSerializer != null, "an event serializer is required");
        return new EnvelopeWriter(this.topics, eventSerializer, this.contributors, this.source, this.maxPayloadBytes,
                this.clock);
    }
}
