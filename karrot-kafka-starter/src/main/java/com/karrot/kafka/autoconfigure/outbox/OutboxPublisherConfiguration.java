package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.EnvelopeBuilder;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxHeadersContributor;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.serde.EventSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
@Import({ TraceContextConfiguration.class, RouteCheckConfiguration.class })
class OutboxPublisherConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxTopicResolver karrotOutboxTopicResolver(OutboxProperties properties) {
        return OutboxTopicResolver.byAggregateType(properties.getTopics());
    }

    @Bean
    @ConditionalOnMissingBean(KarrotEventPublisher.class)
    OutboxEventPublisher karrotEventPublisher(OutboxStore store, OutboxTopicResolver topics, EventSerializer serializer,
            OutboxProperties outbox, Environment environment,
            ObjectProvider<PlatformTransactionManager> transactionManager, ObjectProvider<OutboxRelay> relay,
            ObjectProvider<OutboxHeadersContributor> contributors, ObjectProvider<OutboxPublisherCustomizer> customizers) {
        OutboxEventPublisher.Builder builder = envelope(OutboxEventPublisher.builder(store), topics, serializer, outbox,
                environment, contributors)
            .shards(outbox.getShards())
            .transactionRequirement(outbox.getTransaction(), transactionManager.getIfUnique());
        OutboxRelay localRelay = relay.getIfAvailable();
        if (localRelay != null) {
            builder.afterCommit(localRelay::wakeUp);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Sets what the outbox and the direct publisher share from {@code karrot.kafka.outbox.*} and the context:
     * routing, serializer, {@code ce_source}, payload limit and the headers contributor beans, in order.
     */
    static <B extends EnvelopeBuilder<B>> B envelope(B builder, OutboxTopicResolver topics, EventSerializer serializer,
            OutboxProperties outbox, Environment environment, ObjectProvider<OutboxHeadersContributor> contributors) {
        builder.topics(topics)
            .serializer(serializer)
            .source(source(outbox, environment))
            .maxPayloadBytes((int) outbox.getMaxPayloadSize().toBytes());
        contributors.orderedStream().forEach(builder::headersContributor);
        return builder;
    }

    private static String source(OutboxProperties outbox, Environment environment) {
        if (outbox.getSource() != null && !outbox.getSource().isBlank()) {
            return outbox.getSource();
        }
        return "/" + environment.getProperty("spring.application.name", "");
    }
}
