package com.karrot.kafka.autoconfigure.streams;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.karrot.kafka.streams.BadRecordPolicy;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of Kafka Streams ({@code karrot.kafka.streams.*}), applied to the Streams configuration that Spring Boot
 * builds from {@code spring.kafka.streams.*} (which gives the application id, else {@code spring.application.name},
 * and the connection). A setting made here wins over the same one made there; one left at its default here gives
 * way to one set there.
 */
@ConfigurationProperties("karrot.kafka.streams")
public class StreamsProperties {

    /** Whether to configure Kafka Streams when a topology is declared. */
    private boolean enabled = true;

    /** Processing guarantee: exactly-once-v2 (transactions; the broker needs transaction.state.log settings for its size) or at-least-once. */
    private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.EXACTLY_ONCE_V2;

    /** Stream threads of each instance (num.stream.threads); more than the partitions of its input topics gives idle threads. */
    private int threads = 1;

    /** How often a task commits (commit.interval.ms); unset, Kafka's default: 100 ms under exactly-once, 30 s otherwise. */
    private @Nullable Duration commitInterval;

    /** Record cache of all state stores of an instance together (statestore.cache.max.bytes); 0 sends every update downstream. */
    private DataSize cacheMaxSize = DataSize.ofMegabytes(10);

    /** Replication factor of the internal topics (replication.factor); -1 uses the broker's default.replication.factor. Unset, it is 1 on a cluster of one broker. */
    private int replicationFactor = -1;

    /** Warm copies of each state store kept on other instances (num.standby.replicas), for fast fail-over. */
    private int standbyReplicas = 0;

    /** Directory of the state stores (state.dir); unset, Kafka's default under java.io.tmpdir. */
    private @Nullable String stateDir;

    /** Class of the timestamp extractor (default.timestamp.extractor); unset, Kafka's FailOnInvalidTimestamp (the record's own timestamp). */
    private @Nullable Class<?> timestampExtractor;

    /** What happens when an exception ends a stream thread: replace-thread, shutdown-client or shutdown-application. */
    private StreamThreadExceptionResponse uncaughtException = StreamThreadExceptionResponse.REPLACE_THREAD;

    /** Any other Kafka Streams setting; these win over every other source. */
    private final Map<String, String> properties = new LinkedHashMap<>();

    /** What happens to records that cannot be deserialised, processed or produced. */
    private final Errors errors = new Errors();

    /** The dead-letter topics of bad records. */
    private final DeadLetter deadLetter = new DeadLetter();

    /** Reads of state stores through StateStoreQueries. */
    private final Query query = new Query();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public ProcessingGuarantee getProcessingGuarantee() {
        return this.processingGuarantee;
    }

    public void setProcessingGuarantee(ProcessingGuarantee processingGuarantee) {
        this.processingGuarantee = processingGuarantee;
    }

    public int getThreads() {
        return this.threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public @Nullable Duration getCommitInterval() {
        return this.commitInterval;
    }

    public void setCommitInterval(@Nullable Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    public DataSize getCacheMaxSize() {
        return this.cacheMaxSize;
    }

    public void setCacheMaxSize(DataSize cacheMaxSize) {
        this.cacheMaxSize = cacheMaxSize;
    }

    public int getReplicationFactor() {
        return this.replicationFactor;
    }

    public void setReplicationFactor(int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public int getStandbyReplicas() {
        return this.standbyReplicas;
    }

    public void setStandbyReplicas(int standbyReplicas) {
        this.standbyReplicas = standbyReplicas;
    }

    public @Nullable String getStateDir() {
        return this.stateDir;
    }

    public void setStateDir(@Nullable String stateDir) {
        this.stateDir = stateDir;
    }

    public @Nullable Class<?> getTimestampExtractor() {
        return this.timestampExtractor;
    }

    public void setTimestampExtractor(@Nullable Class<?> timestampExtractor) {
        this.timestampExtractor = timestampExtractor;
    }

    public StreamThreadExceptionResponse getUncaughtException() {
        return this.uncaughtException;
    }

    public void setUncaughtException(StreamThreadExceptionResponse uncaughtException) {
        this.uncaughtException = uncaughtException;
    }

    public Map<String, String> getProperties() {
        return this.properties;
    }

    public Errors getErrors() {
        return this.errors;
    }

    public DeadLetter getDeadLetter() {
        return this.deadLetter;
    }

    public Query getQuery() {
        return this.query;
    }

    /** The processing guarantees of Kafka Streams. */
    public enum ProcessingGuarantee {

        /** exactly_once_v2: each record's effects (state, output, offsets) are committed in one transaction. */
        EXACTLY_ONCE_V2("exactly_once_v2"),

        /** at_least_once: after a failure some records are processed again. */
        AT_LEAST_ONCE("at_least_once");

        private final String value;

        ProcessingGuarantee(String value) {
            this.value = value;
        }

        /**
         * The value of {@code processing.guarantee}.
         * @return the Kafka name
         */
        public String value() {
            return this.value;
        }
    }

    /** What happens to records that cannot be deserialised, processed or produced. */
    public static class Errors {

        /** Records that cannot be deserialised: dead-letter, log-and-continue or fail. */
        private BadRecordPolicy deserialization = BadRecordPolicy.DEAD_LETTER;

        /** Records whose processing throws: dead-letter, log-and-continue or fail. */
        private BadRecordPolicy processing = BadRecordPolicy.DEAD_LETTER;

        /** Output that cannot be serialised or written (too large, not authorised): dead-letter, log-and-continue or fail. */
        private BadRecordPolicy production = BadRecordPolicy.DEAD_LETTER;

        public BadRecordPolicy getDeserialization() {
            return this.deserialization;
        }

        public void setDeserialization(BadRecordPolicy deserialization) {
            this.deserialization = deserialization;
        }

        public BadRecordPolicy getProcessing() {
            return this.processing;
        }

        public void setProcessing(BadRecordPolicy processing) {
            this.processing = processing;
        }

        public BadRecordPolicy getProduction() {
            return this.production;
        }

        public void setProduction(BadRecordPolicy production) {
            this.production = production;
        }
    }

    /** The dead-letter topics of bad records. */
    public static class DeadLetter {

        /** One dead-letter topic for every bad record; unset, each source topic has its own, named with the suffix. */
        private @Nullable String topic;

        /** Suffix of a source topic's dead-letter topic (the listeners' default too, so both share it). */
        private String topicSuffix = ".dlq";

        public @Nullable String getTopic() {
            return this.topic;
        }

        public void setTopic(@Nullable String topic) {
            this.topic = topic;
        }

        public String getTopicSuffix() {
            return this.topicSuffix;
        }

        public void setTopicSuffix(String topicSuffix) {
            this.topicSuffix = topicSuffix;
        }
    }

    /** Queries of state stores. */
    public static class Query {

        /** How long a query waits for its store while the instance starts or rebalances before it fails. */
        private Duration timeout = Duration.ofSeconds(10);

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
