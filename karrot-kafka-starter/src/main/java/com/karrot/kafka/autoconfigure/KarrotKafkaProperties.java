package com.karrot.kafka.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.listener.UnknownEventTypePolicy;

import com.karrot.kafka.outbox.OrderingMode;
import com.karrot.kafka.outbox.TransactionRequirement;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Root of the {@code karrot.kafka.*} configuration properties. Connection settings are Spring Boot's own
 * ({@code spring.kafka.*}); these properties tune what Karrot Kafka adds. Invalid values fail start-up with a
 * message naming the property.
 */
@ConfigurationProperties("karrot.kafka")
public class KarrotKafkaProperties {

    /** The {@code kafka} health indicator. */
    private final Health health = new Health();

    /** The transactional outbox. */
    private final Outbox outbox = new Outbox();

    /** Methods annotated with @KarrotEventListener. */
    private final Listener listener = new Listener();

    /**
     * Settings of the transactional outbox.
     * @return the outbox settings
     */
    public Outbox getOutbox() {
        return this.outbox;
    }

    /**
     * Settings of {@code @KarrotEventListener} methods.
     * @return the listener settings
     */
    public Listener getListener() {
        return this.listener;
    }

    /**
     * Settings of the {@code kafka} health indicator.
     * @return the health settings
     */
    public Health getHealth() {
        return this.health;
    }

    /** Settings of the {@code kafka} health indicator (switch it off with {@code management.health.kafka.enabled}). */
    public static class Health {

        /** How long a health check waits for the cluster to answer before it reports DOWN. */
        private Duration timeout = Duration.ofSeconds(5);

        /**
         * How long a health check waits for the cluster.
         * @return the timeout
         */
        public Duration getTimeout() {
            return this.timeout;
        }

        /**
         * Sets how long a health check waits for the cluster.
         * @param timeout a positive duration of at most one minute
         */
        public void setTimeout(Duration timeout) {
            Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero()
                    && timeout.compareTo(Duration.ofMinutes(1)) <= 0,
                    () -> "karrot.kafka.health.timeout must be positive and at most 1m, was " + timeout);
            this.timeout = timeout;
        }
    }

    /** Settings of the transactional outbox ({@code karrot.kafka.outbox.*}). */
    public static class Outbox {

        /** Whether to publish events through the transactional outbox. */
        private boolean enabled = true;

        /** Topic per aggregate type, for events whose @EventType names no topic. */
        private Map<String, String> topics = new LinkedHashMap<>();

        /** The CloudEvents ce_source of every event; defaults to "/" followed by spring.application.name. */
        private String source;

        /** What publish does outside a transaction: fail ("required") or write in a transaction of its own ("optional"). */
        private TransactionRequirement transaction = TransactionRequirement.REQUIRED;

        /** Largest serialised payload accepted at publish time; keep it within the broker's message.max.bytes. */
        private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

        /** Number of relay shards, the most instances that relay in parallel; change it only with an empty outbox. */
        private int shards = 16;

        /** Whether later events of an aggregate wait behind its failing event ("per-aggregate") or not ("none"). */
        private OrderingMode ordering = OrderingMode.PER_AGGREGATE;

        /** The built-in relay. */
        private final Relay relay = new Relay();

        /** Retries of events whose send failed. */
        private final Retry retry = new Retry();

        /** Creation of the outbox tables. */
        private final Schema schema = new Schema();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Map<String, String> getTopics() {
            return this.topics;
        }

        public void setTopics(Map<String, String> topics) {
            topics.forEach((aggregateType, topic) -> Assert.isTrue(topic != null && !topic.isBlank(),
                    () -> "karrot.kafka.outbox.topics." + aggregateType + " must not be empty"));
            this.topics = topics;
        }

        public String getSource() {
            return this.source;
        }

        public void setSource(String source) {
            this.source = source;
        }

        public TransactionRequirement getTransaction() {
            return this.transaction;
        }

        public void setTransaction(TransactionRequirement transaction) {
            this.transaction = transaction;
        }

        public DataSize getMaxPayloadSize() {
            return this.maxPayloadSize;
        }

        public void setMaxPayloadSize(DataSize maxPayloadSize) {
            Assert.isTrue(maxPayloadSize != null && maxPayloadSize.toBytes() > 0
                    && maxPayloadSize.toBytes() <= Integer.MAX_VALUE,
                    () -> "karrot.kafka.outbox.max-payload-size must be positive and below 2GB, was " + maxPayloadSize);
            this.maxPayloadSize = maxPayloadSize;
        }

        public int getShards() {
            return this.shards;
        }

        public void setShards(int shards) {
            Assert.isTrue(shards > 0 && shards <= 1024,
                    () -> "karrot.kafka.outbox.shards must be between 1 and 1024, was " + shards);
            this.shards = shards;
        }

        public OrderingMode getOrdering() {
            return this.ordering;
        }

        public void setOrdering(OrderingMode ordering) {
            this.ordering = ordering;
        }

        public Relay getRelay() {
            return this.relay;
        }

        public Retry getRetry() {
            return this.retry;
        }

        public Schema getSchema() {
            return this.schema;
        }
    }

    /** Settings of the built-in outbox relay ({@code karrot.kafka.outbox.relay.*}). */
    public static class Relay {

        /** Whether to run the built-in relay; turn it off when Debezium's Outbox Event Router relays the table. */
        private boolean enabled = true;

        /** Name of this instance in the lease table; defaults to host name, process id and a random suffix. */
        private String instanceId;

        /** Most events read and sent at once. */
        private int batchSize = 1000;

        /** How often an idle relay looks for events that no commit of this instance announced. */
        private Duration pollInterval = Duration.ofMillis(500);

        /** Lease on shards: how long the shards of an instance that died stay stalled. More than twice send-timeout. */
        private Duration leaseDuration = Duration.ofSeconds(30);

        /** How long one batch may take to be acknowledged by Kafka; then the relay closes its producer and retries. */
        private Duration sendTimeout = Duration.ofSeconds(10);

        /** Longest pause between attempts while the cluster does not answer. */
        private Duration maxOutagePause = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getInstanceId() {
            return this.instanceId;
        }

        public void setInstanceId(String instanceId) {
            this.instanceId = instanceId;
        }

        public int getBatchSize() {
            return this.batchSize;
        }

        public void setBatchSize(int batchSize) {
            Assert.isTrue(batchSize > 0 && batchSize <= 10_000,
                    () -> "karrot.kafka.outbox.relay.batch-size must be between 1 and 10000, was " + batchSize);
            this.batchSize = batchSize;
        }

        public Duration getPollInterval() {
            return this.pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "karrot.kafka.outbox.relay.poll-interval");
        }

        public Duration getLeaseDuration() {
            return this.leaseDuration;
        }

        public void setLeaseDuration(Duration leaseDuration) {
            this.leaseDuration = positive(leaseDuration, "karrot.kafka.outbox.relay.lease-duration");
        }

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = positive(sendTimeout, "karrot.kafka.outbox.relay.send-timeout");
        }

        public Duration getMaxOutagePause() {
            return this.maxOutagePause;
        }

        public void setMaxOutagePause(Duration maxOutagePause) {
            this.maxOutagePause = positive(maxOutagePause, "karrot.kafka.outbox.relay.max-outage-pause");
        }
    }

    /** Retries of outbox events whose send failed ({@code karrot.kafka.outbox.retry.*}). */
    public static class Retry {

        /** Attempts after which an event whose send keeps failing becomes FAILED. */
        private int maxAttempts = 10;

        /** Wait before the first retry. */
        private Duration initialInterval = Duration.ofSeconds(1);

        /** Growth of each wait over the previous one. */
        private double multiplier = 2.0;

        /** Longest wait between retries. */
        private Duration maxInterval = Duration.ofMinutes(5);

        /** Share of each wait taken off at random, from 0 to 1, so that failures do not retry in lockstep. */
        private double jitter = 0.2;

        /** Make FAILED events due again after this interval, as the old platform's scheduler did; unset: never. */
        private Duration failedRetryInterval;

        public int getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            Assert.isTrue(maxAttempts > 0, () -> "karrot.kafka.outbox.retry.max-attempts must be positive, was " + maxAttempts);
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialInterval() {
            return this.initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = positive(initialInterval, "karrot.kafka.outbox.retry.initial-interval");
        }

        public double getMultiplier() {
            return this.multiplier;
        }

        public void setMultiplier(double multiplier) {
            Assert.isTrue(multiplier >= 1.0, () -> "karrot.kafka.outbox.retry.multiplier must be at least 1, was " + multiplier);
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return this.maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = positive(maxInterval, "karrot.kafka.outbox.retry.max-interval");
        }

        public double getJitter() {
            return this.jitter;
        }

        public void setJitter(double jitter) {
            Assert.isTrue(jitter >= 0.0 && jitter <= 1.0,
                    () -> "karrot.kafka.outbox.retry.jitter must be between 0 and 1, was " + jitter);
            this.jitter = jitter;
        }

        public Duration getFailedRetryInterval() {
            return this.failedRetryInterval;
        }

        public void setFailedRetryInterval(Duration failedRetryInterval) {
            this.failedRetryInterval = failedRetryInterval == null ? null
                    : positive(failedRetryInterval, "karrot.kafka.outbox.retry.failed-retry-interval");
        }
    }

    /** Creation of the outbox tables ({@code karrot.kafka.outbox.schema.*}). */
    public static class Schema {

        /** When to create the outbox tables from the DDL shipped in the jar: always, embedded (embedded databases only) or never. */
        private DatabaseInitializationMode initialize = DatabaseInitializationMode.EMBEDDED;

        public DatabaseInitializationMode getInitialize() {
            return this.initialize;
        }

        public void setInitialize(DatabaseInitializationMode initialize) {
            this.initialize = initialize;
        }
    }

    /** Settings of {@code @KarrotEventListener} methods ({@code karrot.kafka.listener.*}). */
    public static class Listener {

        /** Whether to start a listener container for the methods annotated with @KarrotEventListener. */
        private boolean enabled = true;

        /** Consumer threads per listener container (topics and group) whose listeners set no concurrency; unset: spring.kafka.listener.concurrency, else 1. */
        private @Nullable Integer concurrency;

        /** What to do with a record whose ce_type no listener of its container handles: skip, dead-letter or fail (stop the container). */
        private UnknownEventTypePolicy unknownEventType = UnknownEventTypePolicy.SKIP;

        /** Blocking retries of failing records. */
        private final Retry retry = new Retry();

        /** Dead-letter topics. */
        private final DeadLetter deadLetter = new DeadLetter();

        /** The inbox of idempotent listeners. */
        private final Inbox inbox = new Inbox();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable Integer getConcurrency() {
            return this.concurrency;
        }

        public void setConcurrency(@Nullable Integer concurrency) {
            Assert.isTrue(concurrency == null || concurrency > 0 && concurrency <= 1000,
                    () -> "karrot.kafka.listener.concurrency must be between 1 and 1000, was " + concurrency);
            this.concurrency = concurrency;
        }

        public UnknownEventTypePolicy getUnknownEventType() {
            return this.unknownEventType;
        }

        public void setUnknownEventType(UnknownEventTypePolicy unknownEventType) {
            Assert.notNull(unknownEventType, "karrot.kafka.listener.unknown-event-type must be skip, dead-letter or fail");
            this.unknownEventType = unknownEventType;
        }

        public Retry getRetry() {
            return this.retry;
        }

        public DeadLetter getDeadLetter() {
            return this.deadLetter;
        }

        public Inbox getInbox() {
            return this.inbox;
        }

        /** Blocking retries of failing records ({@code karrot.kafka.listener.retry.*}). */
        public static class Retry {

            /** Deliveries of a failing record, the first one included, before it goes to the dead-letter topic. */
            private int maxAttempts = 3;

            /** Wait before the first retry. */
            private Duration initialInterval = Duration.ofSeconds(1);

            /** Growth of each wait over the previous one. */
            private double multiplier = 2.0;

            /** Longest wait between two deliveries; keep it well below the consumer's max.poll.interval.ms. */
            private Duration maxInterval = Duration.ofSeconds(30);

            /** Exceptions (with their subclasses, also as causes) that send a record to the dead-letter topic without retry. */
            private List<Class<? extends Exception>> nonRetryableExceptions = new ArrayList<>();

            public int getMaxAttempts() {
                return this.maxAttempts;
            }

            public void setMaxAttempts(int maxAttempts) {
                Assert.isTrue(maxAttempts > 0,
                        () -> "karrot.kafka.listener.retry.max-attempts must be positive, was " + maxAttempts);
                this.maxAttempts = maxAttempts;
            }

            public Duration getInitialInterval() {
                return this.initialInterval;
            }

            public void setInitialInterval(Duration initialInterval) {
                Assert.isTrue(initialInterval != null && !initialInterval.isNegative(),
                        () -> "karrot.kafka.listener.retry.initial-interval must not be negative, was " + initialInterval);
                this.initialInterval = initialInterval;
            }

            public double getMultiplier() {
                return this.multiplier;
            }

            public void setMultiplier(double multiplier) {
                Assert.isTrue(multiplier >= 1.0,
                        () -> "karrot.kafka.listener.retry.multiplier must be at least 1, was " + multiplier);
                this.multiplier = multiplier;
            }

            public Duration getMaxInterval() {
                return this.maxInterval;
            }

            public void setMaxInterval(Duration maxInterval) {
                this.maxInterval = positive(maxInterval, "karrot.kafka.listener.retry.max-interval");
            }

            public List<Class<? extends Exception>> getNonRetryableExceptions() {
                return this.nonRetryableExceptions;
            }

            public void setNonRetryableExceptions(List<Class<? extends Exception>> nonRetryableExceptions) {
                this.nonRetryableExceptions = nonRetryableExceptions;
            }
        }

        /** Dead-letter topics ({@code karrot.kafka.listener.dead-letter.*}). */
        public static class DeadLetter {

            /** What follows a topic's name in the name of its dead-letter topic, unless the listener names one. */
            private String topicSuffix = ".dlq";

            /** Compacted topic recording which dead letters were replayed, so that none is replayed twice; created on the first replay. */
            private String replayLogTopic = "karrot.dlq.replays";

            /** Longest time one browse or replay of a dead-letter topic (kafkadlq endpoint) reads and sends; a call cut short says so. */
            private Duration readTimeout = Duration.ofSeconds(30);

            public String getTopicSuffix() {
                return this.topicSuffix;
            }

            public void setTopicSuffix(String topicSuffix) {
                Assert.isTrue(topicSuffix != null && !topicSuffix.isBlank(),
                        "karrot.kafka.listener.dead-letter.topic-suffix must not be empty");
                this.topicSuffix = topicSuffix;
            }

            public String getReplayLogTopic() {
                return this.replayLogTopic;
            }

            public void setReplayLogTopic(String replayLogTopic) {
                Assert.isTrue(replayLogTopic != null && replayLogTopic.matches("[a-zA-Z0-9._-]{1,249}"),
                        () -> "karrot.kafka.listener.dead-letter.replay-log-topic must be a topic name (letters, digits, "
                                + "'.', '_', '-'; at most 249), was " + replayLogTopic);
                this.replayLogTopic = replayLogTopic;
            }

            public Duration getReadTimeout() {
                return this.readTimeout;
            }

            public void setReadTimeout(Duration readTimeout) {
                this.readTimeout = positive(readTimeout, "karrot.kafka.listener.dead-letter.read-timeout");
            }
        }

        /** The inbox of idempotent listeners ({@code karrot.kafka.listener.inbox.*}). */
        public static class Inbox {

            /** Whether listeners that leave @KarrotEventListener(idempotent) at INHERIT record processed event ids and skip redelivered ones. */
            private boolean enabled = false;

            /** How long processed event ids are kept; a redelivery older than this is processed again. */
            private Duration retention = Duration.ofDays(7);

            /** Time between two deletions of the event ids older than the retention. */
            private Duration cleanupInterval = Duration.ofHours(1);

            /** Creation of the inbox table. */
            private final InboxSchema schema = new InboxSchema();

            public boolean isEnabled() {
                return this.enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Duration getRetention() {
                return this.retention;
            }

            public void setRetention(Duration retention) {
                this.retention = positive(retention, "karrot.kafka.listener.inbox.retention");
            }

            public Duration getCleanupInterval() {
                return this.cleanupInterval;
            }

            public void setCleanupInterval(Duration cleanupInterval) {
                this.cleanupInterval = positive(cleanupInterval, "karrot.kafka.listener.inbox.cleanup-interval");
            }

            public InboxSchema getSchema() {
                return this.schema;
            }
        }

        /** Creation of the inbox table ({@code karrot.kafka.listener.inbox.schema.*}). */
        public static class InboxSchema {

            /** When to create the inbox table from the DDL shipped in the jar: always, embedded (embedded databases only) or never. */
            private DatabaseInitializationMode initialize = DatabaseInitializationMode.EMBEDDED;

            public DatabaseInitializationMode getInitialize() {
                return this.initialize;
            }

            public void setInitialize(DatabaseInitializationMode initialize) {
                Assert.notNull(initialize, "karrot.kafka.listener.inbox.schema.initialize must be always, embedded or never");
                this.initialize = initialize;
            }
        }
    }

    private static Duration positive(Duration value, String property) {
        Assert.isTrue(value != null && !value.isNegative() && !value.isZero(),
                () -> property + " must be positive, was " + value);
        return value;
    }
}
