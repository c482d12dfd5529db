package com.karrot.kafka.autoconfigure.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.karrot.kafka.internal.DeadLetterTopicCreator;
import com.karrot.kafka.streams.StreamsDeadLetters;
import com.karrot.kafka.streams.StreamsStateHistory;
import com.karrot.kafka.streams.internal.StreamsErrorHandling;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * Applies {@code karrot.kafka.streams.*} to a Streams factory bean after Spring Boot's own configurer: the settings,
 * the exception handlers and their dead-letter topics (created when the topology is built), the uncaught exception
 * handler, and a {@link StreamsStateHistory} for health and endpoints. A factory bean whose topology turns out empty
 * is not started.
 */
final class KarrotStreamsConfigurer implements StreamsBuilderFactoryBeanConfigurer {

    private static final Log logger = LogFactory.getLog(KarrotStreamsConfigurer.class);

    private static final String PREFIX = "karrot.kafka.streams.";

    // Kafka's rule for topic names
    private static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";

    private final StreamsProperties properties;

    private final Binder binder;

    private final Clock clock;

    KarrotStreamsConfigurer(StreamsProperties properties, Environment environment, Clock clock) {
        this.properties = properties;
        this.binder = Binder.get(environment);
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void configure(StreamsBuilderFactoryBean factoryBean) {
        Properties config = factoryBean.getStreamsConfiguration();
        if (config == null) {
            return;
        }
        check();
        StreamsProperties p = this.properties;
        apply(config, "processing-guarantee", StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                p.getProcessingGuarantee().value());
        apply(config, "threads", StreamsConfig.NUM_STREAM_THREADS_CONFIG, p.getThreads());
        if (p.getCommitInterval() != null) {
            apply(config, "commit-interval", StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, p.getCommitInterval().toMillis());
        }
        apply(config, "cache-max-size", StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, p.getCacheMaxSize().toBytes());
        boolean replicationUnset = !config.containsKey(StreamsConfig.REPLICATION_FACTOR_CONFIG)
                && !isBound("replication-factor")
                && !p.getProperties().containsKey(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        apply(config, "replication-factor", StreamsConfig.REPLICATION_FACTOR_CONFIG, p.getReplicationFactor());
        apply(config, "standby-replicas", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, p.getStandbyReplicas());
        if (p.getStateDir() != null) {
            apply(config, "state-dir", StreamsConfig.STATE_DIR_CONFIG, p.getStateDir());
        }
        if (p.getTimestampExtractor() != null) {
            apply(config, "timestamp-extractor", StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG,
                    p.getTimestampExtractor());
        }
        String applicationId = String.valueOf(config.get(StreamsConfig.APPLICATION_ID_CONFIG));
        StreamsDeadLetters deadLetters = new StreamsDeadLetters(applicationId, p.getDeadLetter().getTopic(),
                p.getDeadLetter().getTopicSuffix());
        StreamsErrorHandling.apply(config, deadLetters, p.getErrors().getDeserialization(),
                p.getErrors().getProcessing(), p.getErrors().getProduction());
        config.putAll(p.getProperties());
        factoryBean.setStreamsConfiguration(config);

        StreamsStateHistory history = new StreamsStateHistory(this.clock);
        factoryBean.addListener(history);
        factoryBean.setStateRestoreListener(history);
        factoryBean.setStateListener((newState, oldState) -> {
            history.onChange(newState, oldState);
            logChange(applicationId, newState, oldState);
        });
        StreamThreadExceptionResponse response = p.getUncaughtException();
        factoryBean.setStreamsUncaughtExceptionHandler(exception -> {
            history.failed(exception);
            logger.error("A stream thread of " + applicationId + " ended on an exception; "
                    + "karrot.kafka.streams.uncaught-exception=" + response.name().toLowerCase().replace('_', '-'),
                    exception);
            return response;
        });
        factoryBean.setInfrastructureCustomizer(new TopologyCheck(factoryBean, deadLetters, config, replicationUnset));
    }

    /**
     * Sets a Streams setting from a {@code karrot.kafka.streams.*} property set explicitly, or from its default where
     * Spring Boot's configuration does not set it.
     */
    private void apply(Properties config, String property, String key, Object value) {
        if (!config.containsKey(key) || isBound(property)) {
            config.put(key, value);
        }
    }

    private boolean isBound(String property) {
        return this.binder.bind(PREFIX + property, Bindable.of(String.class)).isBound();
    }

    private void check() {
        StreamsProperties p = this.properties;
        if (p.getThreads() < 1) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "threads", p.getThreads(), "at least 1");
        }
        if (p.getReplicationFactor() == 0 || p.getReplicationFactor() < -1) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "replication-factor",
                    p.getReplicationFactor(), "-1 (the broker's default) or at least 1");
        }
        if (p.getStandbyReplicas() < 0) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "standby-replicas", p.getStandbyReplicas(),
                    "0 or more");
        }
        if (p.getCommitInterval() != null && (p.getCommitInterval().isNegative() || p.getCommitInterval().isZero())) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "commit-interval", p.getCommitInterval(),
                    "positive");
        }
        if (p.getCacheMaxSize().isNegative()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "cache-max-size", p.getCacheMaxSize(),
                    "0 or more");
        }
        if (p.getDeadLetter().getTopicSuffix().isBlank()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "dead-letter.topic-suffix",
                    p.getDeadLetter().getTopicSuffix(), "not empty");
        }
        if (p.getDeadLetter().getTopic() != null && !p.getDeadLetter().getTopic().matches(TOPIC_NAME)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "dead-letter.topic",
                    p.getDeadLetter().getTopic(),
                    "a topic name (1 to 249 letters, digits, '.', '_' or '-'), or unset for one per source topic");
        }
        Duration timeout = p.getQuery().getTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "query.timeout", timeout, "positive");
        }
    }

    private static void logChange(String applicationId, KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.PENDING_ERROR) {
            logger.warn("Kafka Streams " + applicationId + ": " + oldState + " -> " + newState);
        }
        else if (logger.isDebugEnabled()) {
            logger.debug("Kafka Streams " + applicationId + ": " + oldState + " -> " + newState);
        }
    }

    /**
     * Once the topology is built (when the context's singletons are, before Kafka Streams starts): creates its
     * dead-letter topics, keeps an empty topology from starting, and gives the internal topics a replication factor
     * of 1 on a one-broker cluster when none was set.
     */
    private static final class TopologyCheck implements KafkaStreamsInfrastructureCustomizer {

        private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(5);

        private final StreamsBuilderFactoryBean factoryBean;

        private final StreamsDeadLetters deadLetters;

        private final Properties config;

        private final boolean replicationUnset;

        TopologyCheck(StreamsBuilderFactoryBean factoryBean, StreamsDeadLetters deadLetters, Properties config,
                boolean replicationUnset) {
            this.factoryBean = factoryBean;
            this.deadLetters = deadLetters;
            this.config = config;
            this.replicationUnset = replicationUnset;
        }

        @Override
        public void configureBuilder(StreamsBuilder builder) {
        }

        @Override
        public void configureTopology(Topology topology) {
            TopologyDescription description = topology.describe();
            if (description.subtopologies().isEmpty() && description.globalStores().isEmpty()) {
                logger.info("The Kafka Streams topology is empty: not started");
                this.factoryBean.setAutoStartup(false);
                return;
            }
            Map<String, Object> admin = new StreamsConfig(this.config)
                .getAdminConfigs("karrot-streams-dead-letter-admin");
            if (this.replicationUnset) {
                oneReplicaOnOneBroker(admin);
            }
            new DeadLetterTopicCreator(admin, Duration.ofSeconds(10)).create(this.deadLetters.topicsOf(description));
        }

        /**
         * Sets {@code replication.factor=1} when the cluster has one broker. Kafka Streams' {@code -1} takes the
         * broker's {@code default.replication.factor}, which a broker configured like a production one sets above
         * 1: its internal topics could then not be created. Left at {@code -1} when the cluster does not answer.
         */
        private void oneReplicaOnOneBroker(Map<String, Object> adminConfig) {
            Map<String, Object> config = new HashMap<>(adminConfig);
            int timeoutMs = Math.toIntExact(CLUSTER_TIMEOUT.toMillis());
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-streams-cluster-admin");
            int brokers;
            try (Admin admin = Admin.create(config)) {
                brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException | TimeoutException ex) {
                logger.info("The cluster did not say how many brokers it has within " + CLUSTER_TIMEOUT
                        + "; the internal topics take the broker's default.replication.factor");
                return;
            }
            if (brokers == 1) {
                Properties streams = this.factoryBean.getStreamsConfiguration();
                if (streams != null) {
                    streams.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
                    this.factoryBean.setStreamsConfiguration(streams);
                    logger.info("The cluster has one broker: replication.factor=1 for the internal topics");
                }
            }
        }
    }
}
