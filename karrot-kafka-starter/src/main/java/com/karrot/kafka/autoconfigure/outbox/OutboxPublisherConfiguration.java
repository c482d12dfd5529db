package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxHeadersContributor;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.serde.EventSerializer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
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
        OutboxEventPublisher.Builder builder = OutboxEventPublisher.builder(store)
            .topics(topics)
            .serializer(serializer)
            .source(source(outbox, environment))
            .shards(outbox.getShards())
            .maxPayloadBytes((int) outbox.getMaxPayloadSize().toBytes())
            .transactionRequirement(outbox.getTransaction(), transactionManager.getIfUnique());
        OutboxRelay localRelay = relay.getIfAvailable();
        if (localRelay != null) {
            builder.afterCommit(localRelay::wakeUp);
        }
        contributors.orderedStream().forEach(builder::headersContributor);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Tracer.class, Propagator.class })
    static class TracingConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "karrotOutboxTraceContextCustomizer")
        OutboxPublisherCustomizer karrotOutboxTraceContextCustomizer(ObjectProvider<Tracer> tracer,
                ObjectProvider<Propagator> propagator) {
            return builder -> builder.headersContributor(new TraceContextHeadersContributor(tracer, propagator));
        }
    }

    static String source(OutboxProperties outbox, Environment environment) {
        if (outbox.getSource() != null && !outbox.getSource().isBlank()) {
            return outbox.getSource();
        }
        return "/" + environment.getProperty("spring.application.name", "");
    }
}
