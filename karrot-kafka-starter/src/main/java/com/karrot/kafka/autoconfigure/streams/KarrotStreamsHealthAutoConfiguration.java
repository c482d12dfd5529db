package com.karrot.kafka.autoconfigure.streams;

import java.util.Map;

import com.karrot.kafka.autoconfigure.streams.StreamsHealthIndicator.Kind;
import org.apache.kafka.streams.KafkaStreams;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Auto-configures the Kafka Streams health: {@code kafkaStreams} (UP while running or rebalancing, for liveness) and
 * {@code kafkaStreamsReadiness} (UP only while running, for readiness; only with
 * {@code management.health.kafka-streams-readiness.enabled=true}, since it takes the whole health out of service
 * during every rebalance), each with one entry per
 * {@link StreamsBuilderFactoryBean}, named after its bean, when there are several. Switched off with
 * {@code management.health.kafka-streams.enabled=false}; each is replaced by a bean of its name
 * ({@code kafkaStreamsHealthContributor}, {@code kafkaStreamsReadinessHealthContributor}).
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class,
        KarrotStreamsAutoConfiguration.class })
@ConditionalOnClass({ KafkaStreams.class, HealthIndicator.class })
@ConditionalOnBean(StreamsBuilderFactoryBean.class)
@ConditionalOnEnabledHealthIndicator("kafka-streams")
public final class KarrotStreamsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkaStreamsHealthContributor")
    HealthContributor kafkaStreamsHealthContributor(ListableBeanFactory beanFactory) {
        return contributor(StreamsClient.all(beanFactory), Kind.STATE);
    }

    @Bean
    @ConditionalOnMissingBean(name = "kafkaStreamsReadinessHealthContributor")
    @ConditionalOnBooleanProperty("management.health.kafka-streams-readiness.enabled")
    HealthContributor kafkaStreamsReadinessHealthContributor(ListableBeanFactory beanFactory) {
        return contributor(StreamsClient.all(beanFactory), Kind.READINESS);
    }

    private static HealthContributor contributor(Map<String, StreamsClient> clients, Kind kind) {
        if (clients.size() == 1) {
            return new StreamsHealthIndicator(clients.values().iterator().next(), kind);
        }
        return CompositeHealthContributor.fromMap(clients, client -> new StreamsHealthIndicator(client, kind));
    }
}
