package com.karrot.kafka.autoconfigure.streams;

import java.time.Clock;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.streams.KarrotSerdes;
import com.karrot.kafka.streams.StateStoreQueries;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/**
 * Makes a Kafka Streams topology production-ready: Spring Kafka's default {@link StreamsBuilderFactoryBean} is
 * switched on when the application declares a topology ({@code @Bean} methods returning a {@link KStream},
 * {@link KTable} or {@link GlobalKTable}; otherwise with {@code @EnableKafkaStreams}), and configured by
 * {@code karrot.kafka.streams.*} on top of Spring Boot's {@code spring.kafka.streams.*}: exactly-once v2, bad
 * records to dead-letter topics, threads replaced after an uncaught exception, and a {@link KarrotSerdes} bean for
 * the event envelope, and {@link StateStoreQueries} for reading state stores. Health, metrics and the
 * {@code kafkastreams} endpoint are auto-configurations of their own.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class, after = KarrotSerdeAutoConfiguration.class)
@ConditionalOnClass({ StreamsBuilder.class, StreamsBuilderFactoryBean.class })
@ConditionalOnBooleanProperty(name = "karrot.kafka.streams.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StreamsProperties.class)
public final class KarrotStreamsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ EventSerializer.class, EventDeserializers.class })
    KarrotSerdes karrotSerdes(EventSerializer serializer, EventDeserializers deserializers, Environment environment) {
        String source = environment.getProperty("karrot.kafka.outbox.source");
        if (source == null || source.isBlank()) {
            source = "/" + environment.getProperty("spring.application.name", "streams");
        }
        return new KarrotSerdes(serializer, deserializers, source, Clock.systemUTC());
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer karrotStreamsConfigurer(StreamsProperties properties, Environment environment) {
        return new KarrotStreamsConfigurer(properties, environment, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_BUILDER_BEAN_NAME)
    StreamsDeadLetterTopicSource karrotStreamsDeadLetterTopics(StreamsBuilderFactoryBean factoryBean,
            StreamsProperties properties) {
        return new StreamsDeadLetterTopicSource(factoryBean, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_BUILDER_BEAN_NAME)
    KafkaStreamsInteractiveQueryService karrotStreamsQueryService(StreamsBuilderFactoryBean factoryBean) {
        return new KafkaStreamsInteractiveQueryService(factoryBean);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(KafkaStreamsInteractiveQueryService.class)
    StateStoreQueries karrotStateStoreQueries(KafkaStreamsInteractiveQueryService service,
            StreamsProperties properties) {
        return new StateStoreQueries(service, properties.getQuery().getTimeout());
    }

    /** Switches Spring Kafka's default Streams builder on when a topology is declared and none is yet. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(DeclaresTopology.class)
    @ConditionalOnMissingBean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_BUILDER_BEAN_NAME)
    @Import(KafkaStreamsDefaultConfiguration.class)
    static class EnableStreams {
    }

    /** Matches when a bean is a {@link KStream}, {@link KTable} or {@link GlobalKTable}. */
    static final class DeclaresTopology extends AnyNestedCondition {

        DeclaresTopology() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(KStream.class)
        static final class Stream {
        }

        @ConditionalOnBean(KTable.class)
        static final class Table {
        }

        @ConditionalOnBean(GlobalKTable.class)
        static final class GlobalTable {
        }
    }
}
