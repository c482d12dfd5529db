package com.karrot.kafka.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Auto-configures the {@code kafka} health indicator: UP with the cluster id and broker count when the cluster
 * answers within {@code karrot.kafka.health.timeout}, DOWN with the reason otherwise. Switched off with
 * {@code management.health.kafka.enabled=false}; replaced by any bean named {@code kafkaHealthIndicator}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, KafkaAdmin.class })
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnEnabledHealthIndicator("kafka")
@EnableConfigurationProperties(KafkaHealthProperties.class)
public final class KarrotKafkaHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaHealthProperties properties) {
        return new KafkaClusterHealthIndicator(kafkaAdmin.getConfigurationProperties(),
                properties.getTimeout());
    }
}
