package com.karrot.kafka.autoconfigure.outbox;

import java.time.Clock;

import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code kafkaoutbox} actuator endpoint over the outbox's store (and its relay, woken after a
 * retry or discard). Needs Spring Boot's actuator and an outbox; exposed and accessed like any endpoint
 * ({@code management.endpoints.web.exposure.include}, {@code management.endpoint.kafkaoutbox.access}); who sees
 * failed events' errors is set with {@code management.endpoint.kafkaoutbox.show-values} and {@code .roles}.
 */
@AutoConfiguration(after = KarrotOutboxAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(OutboxStore.class)
@EnableConfigurationProperties(OutboxEndpointProperties.class)
public final class KarrotOutboxEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(OutboxEndpoint.class)
    OutboxEndpoint karrotOutboxEndpoint(OutboxStore store, ObjectProvider<OutboxRelay> relay,
            OutboxEndpointProperties properties) {
        return new OutboxEndpoint(store, relay.getIfAvailable(), Clock.systemUTC(), properties.getShowValues());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OutboxEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    OutboxEndpointWebExtension karrotOutboxEndpointWebExtension(OutboxEndpoint endpoint,
            OutboxEndpointProperties properties) {
        return new OutboxEndpointWebExtension(endpoint, properties.getShowValues(), properties.getRoles());
    }
}
