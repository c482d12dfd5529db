package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.listener.dlq.DeadLetterQueue;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
class DeadLetterEndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
    DeadLetterEndpoint karrotDeadLetterEndpoint(DeadLetterQueue queue) {
        return new DeadLetterEndpoint(queue);
    }
}
