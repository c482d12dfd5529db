package com.karrot.kafka.autoconfigure.listener;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import com.karrot.kafka.listener.dlq.DeadLetterTopicSource;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(KafkaAdmin.class)
class DeadLetterQueueConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DeadLetterQueue karrotDeadLetterQueue(KarrotEventListenerRegistrar registrar, ConsumerFactory<?, ?> consumerFactory,
            ProducerFactory<?, ?> producerFactory, KafkaAdmin admin, ListenerProperties properties,
            ObjectProvider<DeadLetterTopicSource> sources) {
        ListenerProperties.DeadLetter deadLetter = properties.getDeadLetter();
        return DeadLetterQueue
            .builder(consumerFactory.getConfigurationProperties(), producerFactory.getConfigurationProperties(),
                    admin.getConfigurationProperties(), () -> deadLetterTopics(registrar, sources))
            .replayLogTopic(deadLetter.getReplayLogTopic())
            .timeout(deadLetter.getReadTimeout())
            .build();
    }

    /** The listeners' dead-letter topics and those of every {@link DeadLetterTopicSource}, their sources merged. */
    private static Map<String, Set<String>> deadLetterTopics(KarrotEventListenerRegistrar registrar,
            ObjectProvider<DeadLetterTopicSource> sources) {
        Map<String, Set<String>> topics = registrar.deadLetterTopics();
        for (DeadLetterTopicSource source : sources) {
            Map<String, Set<String>> merged = new LinkedHashMap<>();
            topics.forEach((topic, from) -> merged.put(topic, new LinkedHashSet<>(from)));
            source.deadLetterTopics()
                .forEach((topic, from) -> merged.computeIfAbsent(topic, t -> new LinkedHashSet<>()).addAll(from));
            topics = merged;
        }
        return topics;
    }
}
