package com.karrot.kafka.autoconfigure.outbox;

import java.util.Map;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.internal.DurableProducerConfig;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxHeadersContributor;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.serde.EventSerializer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Auto-configures the {@link DirectEventPublisher}, which sends events to Kafka without a database: when there is
 * no outbox publisher (no {@code DataSource}, or {@code karrot.kafka.outbox.enabled=false}), or beside it with
 * {@code karrot.kafka.publisher.direct.enabled=true}; never with {@code false}. It routes, serialises and adds
 * headers as the outbox does ({@code karrot.kafka.outbox.topics.*}, {@code source}, {@code max-payload-size},
 * {@link OutboxHeadersContributor} beans, the trace context), and sends with the application's producer settings
 * made durable ({@code acks=all}, idempotence). It is its own type, so a service with both injects the outbox as
 * {@link KarrotEventPublisher} and this one as {@link DirectEventPublisher}. With Micrometer, it counts what it sent
 * and failed to send ({@code karrot.kafka.publisher.direct.sent} and {@code .failed}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        after = { KarrotSerdeAutoConfiguration.class, KarrotOutboxAutoConfiguration.class })
@ConditionalOnBean({ ProducerFactory.class, EventSerializer.class })
@Conditional(KarrotDirectPublisherAutoConfiguration.OnDirectPublisher.class)
@EnableConfigurationProperties({ PublisherProperties.class, OutboxProperties.class })
@Import({ TraceContextConfiguration.class, RouteCheckConfiguration.class })
public final class KarrotDirectPublisherAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DirectEventPublisher karrotDirectEventPublisher(ProducerFactory<?, ?> producerFactory, EventSerializer serializer,
            OutboxProperties outbox, Environment environment, ObjectProvider<OutboxTopicResolver> topics,
            ObjectProvider<OutboxHeadersContributor> contributors,
            ObjectProvider<DirectPublisherCustomizer> customizers) {
        Map<String, Object> config = DurableProducerConfig.of(producerFactory.getConfigurationProperties(),
                "-direct-publisher");
        DirectEventPublisher.Builder builder = OutboxPublisherConfiguration.envelope(
                DirectEventPublisher.builder(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())),
                topics.getIfAvailable(() -> OutboxTopicResolver.byAggregateType(outbox.getTopics())), serializer, outbox,
                environment, contributors);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "karrotDirectPublisherMeters")
        MeterBinder karrotDirectPublisherMeters(DirectEventPublisher publisher) {
            return registry -> {
                FunctionCounter.builder("karrot.kafka.publisher.direct.sent", publisher, DirectEventPublisher::sentCount)
                    .description("Events the direct publisher sent and Kafka acknowledged")
                    .register(registry);
                FunctionCounter.builder("karrot.kafka.publisher.direct.failed", publisher,
                        DirectEventPublisher::failedCount)
                    .description("Events the direct publisher failed to send")
                    .register(registry);
            };
        }
    }

    /** Asked for, or not refused and no outbox publisher. */
    static final class OnDirectPublisher extends AnyNestedCondition {

        OnDirectPublisher() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBooleanProperty("karrot.kafka.publisher.direct.enabled")
        static final class Requested {
        }

        @ConditionalOnMissingBean(KarrotEventPublisher.class)
        @ConditionalOnProperty(name = "karrot.kafka.publisher.direct.enabled", havingValue = "true", matchIfMissing = true)
        static final class NoOutbox {
        }
    }
}
