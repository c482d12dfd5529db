package com.karrot.kafka.autoconfigure.outbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.karrot.kafka.autoconfigure.KarrotKafkaProperties;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxRelayBuilder;
import com.karrot.kafka.outbox.OutboxRelayObserver;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.RetryBackoff;
import com.karrot.kafka.outbox.ShardLeaseStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.Assert;

@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "karrot.kafka.outbox.relay.enabled", matchIfMissing = true)
@ConditionalOnBean({ ProducerFactory.class, KafkaAdmin.class })
class OutboxRelayConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay karrotOutboxRelay(OutboxStore store, ShardLeaseStore leases, ProducerFactory<?, ?> producerFactory,
            KafkaAdmin kafkaAdmin, KarrotKafkaProperties properties, ObjectProvider<OutboxRelayObserver> observers,
            ObjectProvider<OutboxRelayCustomizer> customizers) {
        KarrotKafkaProperties.Outbox outbox = properties.getOutbox();
        KarrotKafkaProperties.Relay relay = outbox.getRelay();
        KarrotKafkaProperties.Retry retry = outbox.getRetry();
        Assert.isTrue(relay.getLeaseDuration().compareTo(relay.getSendTimeout().multipliedBy(2)) > 0,
                () -> "karrot.kafka.outbox.relay.lease-duration (" + relay.getLeaseDuration()
                        + ") must be longer than twice karrot.kafka.outbox.relay.send-timeout (" + relay.getSendTimeout()
                        + "), so that a batch always finishes while its shards are still leased");
        Assert.isTrue(retry.getMaxInterval().compareTo(retry.getInitialInterval()) >= 0,
                () -> "karrot.kafka.outbox.retry.max-interval (" + retry.getMaxInterval()
                        + ") must not be below karrot.kafka.outbox.retry.initial-interval (" + retry.getInitialInterval() + ")");
        OutboxRelayBuilder builder = OutboxRelay.builder(store, leases,
                producers(producerFactory.getConfigurationProperties(), relay.getSendTimeout()),
                admins(kafkaAdmin.getConfigurationProperties(), relay.getSendTimeout()))
            .instanceId(relay.getInstanceId() != null ? relay.getInstanceId() : defaultInstanceId())
            .shards(outbox.getShards())
            .ordering(outbox.getOrdering())
            .batchSize(relay.getBatchSize())
            .pollInterval(relay.getPollInterval())
            .leaseDuration(relay.getLeaseDuration())
            .sendTimeout(relay.getSendTimeout())
            .maxOutagePause(relay.getMaxOutagePause())
            .maxAttempts(retry.getMaxAttempts())
            .backoff(new RetryBackoff(retry.getInitialInterval(), retry.getMultiplier(), retry.getMaxInterval(),
                    retry.getJitter()))
            .failedRetryInterval(retry.getFailedRetryInterval());
        OutboxRelayObserver observer = observers.getIfAvailable();
        if (observer != null) {
            builder.observer(observer);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * The relay's producer: the application's connection and security settings, with what ordering and
     * at-least-once delivery need on top (idempotence, acks from all replicas, no transactions, bounded waits).
     */
    static Supplier<Producer<String, byte[]>> producers(Map<String, Object> applicationConfig, Duration sendTimeout) {
        Map<String, Object> config = OutboxRelay.producerConfig(applicationConfig, sendTimeout);
        return () -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static Supplier<Admin> admins(Map<String, Object> adminConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-outbox-relay-admin");
        return () -> Admin.create(config);
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
