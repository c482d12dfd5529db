package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;

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
            ProducerFactory<?, ?> producerFactory, KafkaAdmin admin, ListenerProperties properties) {
        ListenerProperties.DeadLetter deadLetter = properties.getDeadLetter();
        return DeadLetterQueue
            .builder(consumerFactory.getConfigurationProperties(), producerFactory.getConfigurationProperties(),
                    admin.getConfigurationProperties(), registrar::deadLetterTopics)
            .replayLogTopic(deadLetter.getReplayLogTopic())
            .timeout(deadLetter.getReadTimeout())
            .build();
    }
}
