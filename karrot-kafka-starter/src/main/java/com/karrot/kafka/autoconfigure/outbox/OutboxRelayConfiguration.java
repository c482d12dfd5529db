package com.karrot.kafka.autoconfigure.outbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxRelayBuilder;
import com.karrot.kafka.outbox.OutboxRelayObserver;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.RetryBackoff;
import com.karrot.kafka.outbox.ShardLeaseStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "karrot.kafka.outbox.relay.enabled", matchIfMissing = true)
@ConditionalOnBean({ ProducerFactory.class, KafkaAdmin.class })
class OutboxRelayConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay karrotOutboxRelay(OutboxStore store, ShardLeaseStore leases, ProducerFactory<?, ?> producerFactory,
            KafkaAdmin kafkaAdmin, OutboxProperties outbox, ObjectProvider<OutboxRelayObserver> observers,
            ObjectProvider<OutboxRelayCustomizer> customizers) {
        OutboxProperties.Relay relay = outbox.getRelay();
        OutboxProperties.Retry retry = outbox.getRetry();
        RetryBackoff backoff = spanning(() -> new RetryBackoff(retry.getInitialInterval(), retry.getMultiplier(),
                retry.getMaxInterval(), retry.getJitter()), "karrot.kafka.outbox.retry.max-interval",
                retry.getMaxInterval(), "karrot.kafka.outbox.retry.initial-interval", retry.getInitialInterval());
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
            .backoff(backoff)
            .failedRetryInterval(retry.getFailedRetryInterval());
        List<OutboxRelayObserver> all = observers.orderedStream().toList();
        if (all.size() == 1) {
            builder.observer(all.get(0));
        }
        else if (!all.isEmpty()) {
            builder.observer(new CompositeOutboxRelayObserver(all));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Runs a step of core whose rule spans two properties, and turns its refusal into a start-up failure that names
     * both properties: the rule is the builder's, the names are ours.
     */
    private static <T> T spanning(Supplier<T> step, String property, Object value, String otherProperty,
            Object otherValue) {
        try {
            return step.get();
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(property, value,
                    ex.getMessage() + " (" + otherProperty + " is " + otherValue + ")");
        }
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
        Map<String, Object> config = OutboxRelay.adminConfig(adminConfig, timeout);
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
