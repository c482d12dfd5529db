package com.karrot.kafka.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.SerializedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The {@link KarrotEventPublisher} that writes events to an {@link OutboxStore} in the caller's transaction and,
 * once the transaction commits, wakes the relay so the event leaves at once instead of at the next poll.
 * Built with {@link #builder(OutboxStore)}.
 */
public final class OutboxEventPublisher implements KarrotEventPublisher {

    private static final int MAX_NAME_LENGTH = 255;

    private static final int MAX_TOPIC_LENGTH = 249;

    private final OutboxStore store;

    private final OutboxTopicResolver topics;

    private final EventSerializer serializer;

    private final List<OutboxHeadersContributor> contributors;

    private final String source;

    private final int shards;

    private final int maxPayloadBytes;

    private final TransactionRequirement transactionRequirement;

    private final @Nullable TransactionTemplate ownTransaction;

    private final @Nullable Runnable afterCommit;

    private final Clock clock;

    private OutboxEventPublisher(Builder builder) {
        this.store = builder.store;
        this.topics = builder.topics;
        this.serializer = builder.serializer;
        this.contributors = List.copyOf(builder.contributors);
        this.source = builder.source;
        this.shards = builder.shards;
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.transactionRequirement = builder.transactionRequirement;
        this.ownTransaction = builder.transactionManager != null ? new TransactionTemplate(builder.transactionManager) : null;
        this.afterCommit = builder.afterCommit;
        this.clock = builder.clock;
    }

    /**
     * Starts a builder.
     * @param store where events are written
     * @return the builder
     */
    public static Builder builder(OutboxStore store) {
        return new Builder(store);
    }

    /**
     * The relay shard of an aggregate: stable across JVMs, so every instance agrees on it.
     * @param aggregateType the aggregate type
     * @param aggregateId the aggregate id
     * @param shards the number of shards
     * @return the shard, from {@code 0} to {@code shards - 1}
     */
    public static int shardOf(String aggregateType, String aggregateId, int shards) {
        return Math.floorMod((aggregateType + ':' + aggregateId).hashCode(), shards);
    }

    @Override
    public String publish(Object event, Map<String, String> extraHeaders) {
        Assert.notNull(extraHeaders, "headers must not be null");
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            if (this.transactionRequirement == TransactionRequirement.REQUIRED || this.ownTransaction == null) {
                throw new IllegalStateException("KarrotEventPublisher.publish(" + event.getClass().getSimpleName()
                        + ") needs an active transaction, so that the event commits or rolls back with your data: "
                        + "call it from a @Transactional method, or set karrot.kafka.outbox.transaction=optional");
            }
            return this.ownTransaction.execute(status -> publish(event, extraHeaders));
        }
        OutboxRecord record = toRecord(event, extraHeaders);
        this.store.insert(record);
        wakeRelayAfterCommit();
        return record.eventId();
    }

    private OutboxRecord toRecord(Object event, Map<String, String> extraHeaders) {
        EventDescriptor descriptor = EventDescriptor.of(event);
        checkLength("event type", descriptor.eventType(), MAX_NAME_LENGTH);
        checkLength("aggregate type", descriptor.aggregateType(), MAX_NAME_LENGTH);
        checkLength("aggregate id", descriptor.aggregateId(), MAX_NAME_LENGTH);
        String topic = this.topics.topicFor(descriptor);
        checkLength("topic", topic, MAX_TOPIC_LENGTH);
        for (String name : extraHeaders.keySet()) {
            if (name.startsWith("ce_") || name.equals(CloudEventHeaders.CONTENT_TYPE)) {
                throw new InvalidEventException("header '" + name + "' is set by the outbox and cannot be overridden");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SOURCE, this.source);
        for (OutboxHeadersContributor contributor : this.contributors) {
            contributor.contribute(event, headers);
        }
        headers.putAll(extraHeaders);
        SerializedEvent serialized = this.serializer.serialize(event, descriptor, topic, headers);
        byte[] payload = serialized.payload();
        if (payload.length > this.maxPayloadBytes) {
            throw new InvalidEventException("payload of " + descriptor.eventType() + " for " + descriptor.aggregateType()
                    + " " + descriptor.aggregateId() + " is " + payload.length + " bytes, more than the "
                    + this.maxPayloadBytes + " allowed by karrot.kafka.outbox.max-payload-size");
        }
        String eventId = UUID.randomUUID().toString();
        return new OutboxRecord(null, eventId, descriptor.eventType(), descriptor.aggregateType(),
                descriptor.aggregateId(), topic, shardOf(descriptor.aggregateType(), descriptor.aggregateId(), this.shards),
                payload, serialized.contentType(), headers, this.clock.instant(), 0);
    }

    private static void checkLength(String what, String value, int max) {
        if (value.length() > max) {
            throw new InvalidEventException(what + " '" + value.substring(0, 40) + "...' is " + value.length()
                    + " characters long; the outbox takes at most " + max);
        }
    }

    private void wakeRelayAfterCommit() {
        if (this.afterCommit == null || TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        // one wake-up per transaction, however many events it publishes
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                OutboxEventPublisher.this.afterCommit.run();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(OutboxEventPublisher.this);
            }
        });
    }

    /** Builds an {@link OutboxEventPublisher}; only the store is required. */
    public static final class Builder {

        private final OutboxStore store;

        private OutboxTopicResolver topics = OutboxTopicResolver.byAggregateType(Map.of());

        private @Nullable EventSerializer serializer;

        private final List<OutboxHeadersContributor> contributors = new ArrayList<>();

        private String source = "/";

        private int shards = 16;

        private int maxPayloadBytes = 1024 * 1024;

        private TransactionRequirement transactionRequirement = TransactionRequirement.REQUIRED;

        private @Nullable PlatformTransactionManager transactionManager;

        private @Nullable Runnable afterCommit;

        private Clock clock = Clock.systemUTC();

        private Builder(OutboxStore store) {
            Assert.notNull(store, "store must not be null");
            this.store = store;
        }

        /**
         * Sets how events without a topic of their own are routed (default: fail for every aggregate type).
         * @param topics the resolver
         * @return this builder
         */
        public Builder topics(OutboxTopicResolver topics) {
            Assert.notNull(topics, "topics must not be null");
            this.topics = topics;
            return this;
        }

        /**
         * Sets the serializer of event payloads (required), usually a {@link com.karrot.kafka.serde.JsonEventSerializer}.
         * @param serializer the serializer
         * @return this builder
         */
        public Builder serializer(EventSerializer serializer) {
            Assert.notNull(serializer, "serializer must not be null");
            this.serializer = serializer;
            return this;
        }

        /**
         * Adds a headers contributor, called in the order added.
         * @param contributor the contributor
         * @return this builder
         */
        public Builder headersContributor(OutboxHeadersContributor contributor) {
            Assert.notNull(contributor, "contributor must not be null");
            this.contributors.add(contributor);
            return this;
        }

        /**
         * Sets the {@code ce_source} of every event (default {@code /}).
         * @param source a URI reference naming the service, for example {@code /marketplace}
         * @return this builder
         */
        public Builder source(String source) {
            Assert.hasText(source, "source must not be empty");
            this.source = source;
            return this;
        }

        /**
         * Sets the number of relay shards (default 16); must match the relay's.
         * @param shards a positive number
         * @return this builder
         */
        public Builder shards(int shards) {
            Assert.isTrue(shards > 0, "shards must be positive");
            this.shards = shards;
            return this;
        }

        /**
         * Sets the largest payload accepted at publish time (default 1 MiB, Kafka's default record limit).
         * @param maxPayloadBytes a positive number of bytes
         * @return this builder
         */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            Assert.isTrue(maxPayloadBytes > 0, "maxPayloadBytes must be positive");
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        /**
         * Sets what happens outside a transaction (default {@link TransactionRequirement#REQUIRED}).
         * @param requirement the requirement
         * @param transactionManager the manager for the publisher's own transactions, required with
         * {@link TransactionRequirement#OPTIONAL}
         * @return this builder
         */
        public Builder transactionRequirement(TransactionRequirement requirement,
                @Nullable PlatformTransactionManager transactionManager) {
            Assert.notNull(requirement, "requirement must not be null");
            Assert.isTrue(requirement == TransactionRequirement.REQUIRED || transactionManager != null,
                    "a transaction manager is required when transactions are optional");
            this.transactionRequirement = requirement;
            this.transactionManager = transactionManager;
            return this;
        }

        /**
         * Sets what to run after a transaction that published events commits, usually the relay's wake-up.
         * @param afterCommit the callback
         * @return this builder
         */
        public Builder afterCommit(@Nullable Runnable afterCommit) {
            this.afterCommit = afterCommit;
            return this;
        }

        /**
         * Sets the clock that stamps events (default UTC system clock).
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            Assert.notNull(clock, "clock must not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Builds the publisher.
         * @return the publisher
         */
        public OutboxEventPublisher build() {
            Assert.state(this.serializer != null, "an event serializer is required");
            return new OutboxEventPublisher(this);
        }
    }
}
