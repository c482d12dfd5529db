package com.karrot.kafka.autoconfigure.lag;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code kafkalag} and {@code kafkatopics} actuator endpoints over the scheduled readers. Needs
 * Spring Boot's actuator and lag monitoring; exposed like any endpoint
 * ({@code management.endpoints.web.exposure.include=kafkalag,kafkatopics}).
 */
@AutoConfiguration(after = KarrotLagAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(LagRefresher.class)
public final class KarrotLagEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(LagEndpoint.class)
    LagEndpoint karrotLagEndpoint(LagRefresher refresher) {
        return new LagEndpoint(refresher);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(TopicsEndpoint.class)
    TopicsEndpoint karrotTopicsEndpoint(LagRefresher refresher) {
        return new TopicsEndpoint(refresher);
    }
}
