package com.karrot.kafka.autoconfigure.console;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the operations console, the {@code kafkaconsole} actuator endpoint, when
 * {@code karrot.kafka.console.enabled=true} in a web application with Spring Boot's actuator. Expose it like any
 * endpoint ({@code management.endpoints.web.exposure.include=kafkaconsole}, with the endpoints it shows) and secure
 * it as those endpoints are secured.
 */
@AutoConfiguration
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("karrot.kafka.console.enabled")
@EnableConfigurationProperties(ConsoleProperties.class)
public final class KarrotConsoleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(ConsoleEndpoint.class)
    ConsoleEndpoint karrotConsoleEndpoint() {
        return new ConsoleEndpoint();
    }
}
