package com.karrot.kafka.autoconfigure.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.karrot.kafka.autoconfigure.jdbc.JdbcTablesProperties;
import com.karrot.kafka.listener.InboxMode;
import com.karrot.kafka.listener.UnknownEventTypePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.Assert;

/**
 * Settings of {@code @KarrotEventListener} methods ({@code karrot.kafka.listener.*}). A wrong value fails start-up
 * with a message naming the property; rules that span several properties are checked where the settings are used.
 */
@ConfigurationProperties("karrot.kafka.listener")
public class ListenerProperties {

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

    /** How listeners read JSON event values. */
    private final Json json = new Json();

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

    public Json getJson() {
        return this.json;
    }

    private static Duration positive(Duration value, String property) {
        Assert.isTrue(value != null && !value.isNegative() && !value.isZero(),
                () -> property + " must be positive, was " + value);
        return value;
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
            // the rest of a topic name: Kafka's characters
            Assert.isTrue(topicSuffix != null && topicSuffix.matches("[a-zA-Z0-9._-]{1,248}"),
                    () -> "karrot.kafka.listener.dead-letter.topic-suffix must not be empty and hold only letters, "
                            + "digits, '.', '_' and '-', was '" + topicSuffix + "'");
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

        /** How the records of idempotent listeners that leave @KarrotEventListener(inboxMode) at INHERIT go through the inbox: per-record (a transaction each) or batch (a poll's records in one transaction, for containers whose listeners are all idempotent). */
        private InboxMode mode = InboxMode.PER_RECORD;

        /** How long processed event ids are kept; a redelivery older than this is processed again. */
        private Duration retention = Duration.ofDays(7);

        /** Time between two deletions of the event ids older than the retention. */
        private Duration cleanupInterval = Duration.ofHours(1);

        /** Where the inbox table lives, and its creation. */
        private final Jdbc jdbc = new Jdbc();

        /** Creation of the inbox table, replaced by karrot.kafka.listener.inbox.jdbc. */
        private final Schema schema = new Schema();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public InboxMode getMode() {
            return this.mode;
        }

        public void setMode(InboxMode mode) {
            Assert.isTrue(mode == InboxMode.PER_RECORD || mode == InboxMode.BATCH,
                    () -> "karrot.kafka.listener.inbox.mode must be per-record or batch, was " + mode);
            this.mode = mode;
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

        public Jdbc getJdbc() {
            return this.jdbc;
        }

        /**
         * The settings that {@link #getJdbc()} replaced.
         * @return the creation of the inbox table
         * @deprecated since 0.1.0 for {@link #getJdbc()}
         */
        @Deprecated(since = "0.1.0")
        public Schema getSchema() {
            return this.schema;
        }

        /**
         * Where the inbox table lives, and its creation ({@code karrot.kafka.listener.inbox.jdbc.*}): the table name,
         * and Spring Boot's schema initialisation from {@code karrot-kafka/schema/inbox/v1/<platform>.sql}.
         */
        public static class Jdbc extends JdbcTablesProperties {

            private static final String DEFAULT_SCHEMA_LOCATION =
                    "classpath:karrot-kafka/schema/inbox/v1/@@platform@@.sql";

            public Jdbc() {
                super("karrot.kafka.listener.inbox.jdbc");
            }

            @Override
            public String getDefaultSchemaLocation() {
                return DEFAULT_SCHEMA_LOCATION;
            }
        }

        /**
         * Creation of the inbox table ({@code karrot.kafka.listener.inbox.schema.*}), still bound so that services that
         * set it keep working: an inner class, it passes the mode on to
         * {@code karrot.kafka.listener.inbox.jdbc.initialize-schema} unless that is set.
         * @deprecated since 0.1.0 for {@link Jdbc}: {@code karrot.kafka.listener.inbox.jdbc.initialize-schema}
         */
        @Deprecated(since = "0.1.0")
        public class Schema {

            /** When to create the inbox table from the DDL shipped in the jar: always, embedded (embedded databases only) or never. */
            private DatabaseInitializationMode initialize = DatabaseInitializationMode.EMBEDDED;

            @DeprecatedConfigurationProperty(replacement = "karrot.kafka.listener.inbox.jdbc.initialize-schema",
                    since = "0.1.0")
            public DatabaseInitializationMode getInitialize() {
                return this.initialize;
            }

            public void setInitialize(DatabaseInitializationMode initialize) {
                Assert.notNull(initialize, "karrot.kafka.listener.inbox.schema.initialize must be always, embedded or never");
                this.initialize = initialize;
                Inbox.this.jdbc.initializeSchemaUnlessSet(initialize);
            }
        }
    }

    /**
     * How listeners read JSON event values ({@code karrot.kafka.listener.json.*}), with a mapper derived from the
     * application's: tolerant by default, so that events can gain and lose fields while older records are in flight.
     */
    public static class Json {

        /** Whether a JSON event with a field its class does not have fails and goes to the dead-letter topic. */
        private boolean failOnUnknownProperties = false;

        /** Whether a JSON event without a value for a primitive field (int, long, boolean, ...) fails; off: the field gets 0 or false. */
        private boolean failOnNullForPrimitives = false;

        public boolean isFailOnUnknownProperties() {
            return this.failOnUnknownProperties;
        }

        public void setFailOnUnknownProperties(boolean failOnUnknownProperties) {
            this.failOnUnknownProperties = failOnUnknownProperties;
        }

        public boolean isFailOnNullForPrimitives() {
            return this.failOnNullForPrimitives;
        }

        public void setFailOnNullForPrimitives(boolean failOnNullForPrimitives) {
            this.failOnNullForPrimitives = failOnNullForPrimitives;
        }
    }
}
