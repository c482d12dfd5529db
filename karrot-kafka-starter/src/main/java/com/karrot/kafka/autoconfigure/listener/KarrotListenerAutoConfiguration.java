package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.listener.KarrotEventListener;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Auto-configures {@link KarrotEventListener} methods: one Spring Kafka listener container per consumer group
 * and topic list, typed dispatch by {@code ce_type}, blocking retries with back-off, dead-letter topics created
 * at start-up, the dead-letter queue that browses and replays them, and the inbox of idempotent listeners when
 * there is a {@code DataSource}. Uses the application's {@code spring.kafka.*} connection settings and its
 * Jackson {@code JsonMapper}; switched off with {@code karrot.kafka.listener.enabled=false}. Every bean can be
 * replaced by one of the service's own. The meters and the {@code kafkadlq} endpoint are auto-configured apart, by
 * {@link KarrotListenerMetricsAutoConfiguration} and {@link KarrotDeadLetterEndpointAutoConfiguration}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration" },
        after = KarrotSerdeAutoConfiguration.class)
@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
@ConditionalOnBean({ ConsumerFactory.class, ProducerFactory.class })
@ConditionalOnBooleanProperty(name = "karrot.kafka.listener.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ListenerProperties.class)
@Import({ ListenerInboxConfiguration.class, ListenerContainerConfiguration.class, DeadLetterQueueConfiguration.class })
public final class KarrotListenerAutoConfiguration {
}
