package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.listener.dlq.DeadLetterQueue;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code kafkadlq} actuator endpoint over the listeners' {@link DeadLetterQueue}. Needs Spring
 * Boot's actuator and the dead-letter queue; exposed and accessed like any endpoint
 * ({@code management.endpoints.web.exposure.include}, {@code management.endpoint.kafkadlq.access}).
 */
@AutoConfiguration(after = KarrotListenerAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(DeadLetterQueue.class)
public final class KarrotDeadLetterEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
    DeadLetterEndpoint karrotDeadLetterEndpoint(DeadLetterQueue queue) {
        return new DeadLetterEndpoint(queue);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
    DeadLetterRequestAdvisor karrotDeadLetterRequestAdvisor() {
        return new DeadLetterRequestAdvisor();
    }
}
