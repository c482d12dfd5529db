package com.karrot.kafka.autoconfigure.outbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.karrot.kafka.autoconfigure.jdbc.JdbcTablesProperties;
import com.karrot.kafka.outbox.OrderingMode;
import com.karrot.kafka.outbox.TransactionRequirement;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the transactional outbox ({@code karrot.kafka.outbox.*}). A wrong value fails start-up with a message
 * naming the property; rules that span several properties are checked by the relay's builder.
 */
@ConfigurationProperties("karrot.kafka.outbox")
public class OutboxProperties {

    /** Whether to publish events through the transactional outbox. */
    private boolean enabled = true;

    /** Topic per aggregate type, for events whose @EventType names no topic. */
    private Map<String, String> topics = new LinkedHashMap<>();

    /** What start-up does with an @EventType class of the application's packages that could be published but has no topic: fail, warn or off. */
    private RouteCheck routeCheck = RouteCheck.FAIL;

    /** The CloudEvents ce_source of every event; defaults to "/" followed by spring.application.name. */
    private @Nullable String source;

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

    /** The retention clean-up of the outbox table while the built-in relay is off. */
    private final Cleanup cleanup = new Cleanup();

    /** Where the outbox tables live, and their creation. */
    private final Jdbc jdbc = new Jdbc();

    /** Creation of the outbox tables, replaced by karrot.kafka.outbox.jdbc. */
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
        topics.forEach((aggregateType, topic) -> Assert.isTrue(topic != null && topic.matches("[a-zA-Z0-9._-]{1,249}"),
                () -> "karrot.kafka.outbox.topics." + aggregateType + " must be a topic name (letters, digits, '.', "
                        + "'_', '-'; at most 249), was '" + topic + "'"));
        this.topics = topics;
    }

    public RouteCheck getRouteCheck() {
        return this.routeCheck;
    }

    public void setRouteCheck(RouteCheck routeCheck) {
        this.routeCheck = routeCheck;
    }

    public @Nullable String getSource() {
        return this.source;
    }

    public void setSource(@Nullable String source) {
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

    public Cleanup getCleanup() {
        return this.cleanup;
    }

    public Jdbc getJdbc() {
        return this.jdbc;
    }

    /**
     * The settings that {@link #getJdbc()} replaced.
     * @return the creation of the outbox tables
     * @deprecated since 0.1.0 for {@link #getJdbc()}
     */
    @Deprecated(since = "0.1.0")
    public Schema getSchema() {
        return this.schema;
    }

    private static Duration positive(Duration value, String property) {
        Assert.isTrue(value != null && !value.isNegative() && !value.isZero(),
                () -> property + " must be positive, was " + value);
        return value;
    }

    /**
     * The retention clean-up ({@code karrot.kafka.outbox.cleanup.*}): while the built-in relay is off, because
     * Debezium relays the table from the database's log, nobody else deletes its rows.
     */
    public static class Cleanup {

        /** Whether to delete old events while the built-in relay is off (karrot.kafka.outbox.relay.enabled=false). */
        private boolean enabled = true;

        /** How long an event stays in the table after it was published, sent or not, while the relay is off. */
        private Duration retention = Duration.ofDays(1);

        /** Time between two deletions of the events older than the retention. */
        private Duration interval = Duration.ofMinutes(10);

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
            this.retention = positive(retention, "karrot.kafka.outbox.cleanup.retention");
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = positive(interval, "karrot.kafka.outbox.cleanup.interval");
        }
    }

    /** Settings of the built-in relay ({@code karrot.kafka.outbox.relay.*}). */
    public static class Relay {

        /** Whether to run the built-in relay; turn it off when Debezium's Outbox Event Router relays the table. */
        private boolean enabled = true;

        /** Name of this instance in the lease table; defaults to host name, process id and a random suffix. */
        private @Nullable String instanceId;

        /** Most events read and sent at once. */
        private int batchSize = 1000;

        /** How often an idle relay looks for events that no commit of this instance announced. */
        private Duration pollInterval = Duration.ofMillis(500);

        /** Lease on shards: how long the shards of an instance that died stay stalled (a quarter more at most); a live relay renews every quarter of it and loses it only when stalled for three quarters of it. */
        private Duration leaseDuration = Duration.ofSeconds(8);

        /** How long one batch may take to be acknowledged by Kafka; then the relay closes its producer and retries. */
        private Duration sendTimeout = Duration.ofSeconds(10);

        /** Longest pause between attempts while the cluster does not answer; the relay resumes as soon as a probe of the cluster answers. */
        private Duration maxOutagePause = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getInstanceId() {
            return this.instanceId;
        }

        public void setInstanceId(@Nullable String instanceId) {
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

    /** Retries of events whose send failed ({@code karrot.kafka.outbox.retry.*}). */
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
        private @Nullable Duration failedRetryInterval;

        public int getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            Assert.isTrue(maxAttempts > 0,
                    () -> "karrot.kafka.outbox.retry.max-attempts must be positive, was " + maxAttempts);
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
            Assert.isTrue(multiplier >= 1.0,
                    () -> "karrot.kafka.outbox.retry.multiplier must be at least 1, was " + multiplier);
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

        public @Nullable Duration getFailedRetryInterval() {
            return this.failedRetryInterval;
        }

        public void setFailedRetryInterval(@Nullable Duration failedRetryInterval) {
            this.failedRetryInterval = failedRetryInterval == null ? null
                    : positive(failedRetryInterval, "karrot.kafka.outbox.retry.failed-retry-interval");
        }
    }

    /**
     * Where the outbox tables live, and their creation ({@code karrot.kafka.outbox.jdbc.*}): the table names, and
     * Spring Boot's schema initialisation from {@code karrot-kafka/schema/outbox/v1/<platform>.sql}.
     */
    public static class Jdbc extends JdbcTablesProperties {

        private static final String DEFAULT_SCHEMA_LOCATION =
                "classpath:karrot-kafka/schema/outbox/v1/@@platform@@.sql";

        public Jdbc() {
            super("karrot.kafka.outbox.jdbc");
        }

        @Override
        public String getDefaultSchemaLocation() {
            return DEFAULT_SCHEMA_LOCATION;
        }
    }

    /**
     * Creation of the outbox tables ({@code karrot.kafka.outbox.schema.*}), still bound so that services that set it
     * keep working: an inner class, it passes the mode on to {@code karrot.kafka.outbox.jdbc.initialize-schema}
     * unless that is set.
     * @deprecated since 0.1.0 for {@link Jdbc}: {@code karrot.kafka.outbox.jdbc.initialize-schema}
     */
    @Deprecated(since = "0.1.0")
    public class Schema {

        /** When to create the outbox tables from the DDL shipped in the jar: always, embedded (embedded databases only) or never. */
        private DatabaseInitializationMode initialize = DatabaseInitializationMode.EMBEDDED;

        @DeprecatedConfigurationProperty(replacement = "karrot.kafka.outbox.jdbc.initialize-schema", since = "0.1.0")
        public DatabaseInitializationMode getInitialize() {
            return this.initialize;
        }

        public void setInitialize(DatabaseInitializationMode initialize) {
            this.initialize = initialize;
            OutboxProperties.this.jdbc.initializeSchemaUnlessSet(initialize);
        }
    }
}
