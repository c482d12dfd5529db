package com.karrot.kafka.autoconfigure.lag;

import java.time.Clock;

import com.karrot.kafka.lag.ConsumerLagReader;
import com.karrot.kafka.lag.TopicMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Auto-configures consumer lag and topic monitoring ({@code karrot.kafka.lag.*}): a {@link ConsumerLagReader} and a
 * {@link TopicMonitor} on an Admin client of their own (from Spring Boot's {@code spring.kafka.*} admin settings),
 * refreshed every {@code karrot.kafka.lag.refresh-interval} in the background. The endpoints, health and gauges over
 * them are auto-configurations of their own. Switched off with {@code karrot.kafka.lag.enabled=false}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "karrot.kafka.lag.enabled", matchIfMissing = true)
@ConditionalOnBean(KafkaAdmin.class)
@EnableConfigurationProperties(LagProperties.class)
public final class KarrotLagAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LagAdmin karrotLagAdmin(KafkaAdmin kafkaAdmin) {
        return new LagAdmin(kafkaAdmin.getConfigurationProperties());
    }

    @Bean
    @ConditionalOnMissingBean
    ConsumerLagReader karrotConsumerLagReader(LagAdmin admin, LagProperties properties) {
        return new ConsumerLagReader(admin.admin(), properties.lagSettings());
    }

    @Bean
    @ConditionalOnMissingBean
    TopicMonitor karrotTopicMonitor(LagAdmin admin, LagProperties properties) {
        return new TopicMonitor(admin.admin(), properties.topicSettings());
    }

    @Bean
    @ConditionalOnMissingBean
    LagRefresher karrotLagRefresher(ConsumerLagReader lagReader, TopicMonitor topicMonitor, LagProperties properties,
            ObjectProvider<LagReportListener> listeners) {
        return new LagRefresher(lagReader, topicMonitor, properties.getRefreshInterval(), Clock.systemUTC(),
                () -> listeners.orderedStream().toList());
    }
}
