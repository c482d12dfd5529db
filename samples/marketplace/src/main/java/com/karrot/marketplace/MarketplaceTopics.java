package com.karrot.marketplace;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics the marketplace publishes to, created at start-up when missing (Spring Kafka's {@link KafkaAdmin}), so
 * that its listeners find them when they subscribe rather than waiting for the first event. Their replication
 * factor is the cluster's default.
 */
@Configuration(proxyBeanMethods = false)
class MarketplaceTopics {

    @Bean
    KafkaAdmin.NewTopics marketplaceNewTopics() {
        return new KafkaAdmin.NewTopics(topic("marketplace.user"), topic("marketplace.item"), topic("marketplace.chat"),
                topic("marketplace.payment"), topic("marketplace.neighborhood"));
    }

    private static NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(3).build();
    }
}
