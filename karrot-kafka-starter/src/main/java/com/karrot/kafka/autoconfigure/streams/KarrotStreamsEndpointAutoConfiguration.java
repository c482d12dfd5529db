package com.karrot.kafka.autoconfigure.streams;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Auto-configures the {@code kafkastreams} actuator endpoint over every {@link StreamsBuilderFactoryBean}. Needs
 * Spring Boot's actuator and Kafka Streams; exposed like any endpoint
 * ({@code management.endpoints.web.exposure.include=kafkastreams}).
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class,
        KarrotStreamsAutoConfiguration.class })
@ConditionalOnClass({ KafkaStreams.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(StreamsBuilderFactoryBean.class)
public final class KarrotStreamsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(StreamsEndpoint.class)
    StreamsEndpoint karrotStreamsEndpoint(ListableBeanFactory beanFactory) {
        return new StreamsEndpoint(StreamsClient.all(beanFactory));
    }
}
