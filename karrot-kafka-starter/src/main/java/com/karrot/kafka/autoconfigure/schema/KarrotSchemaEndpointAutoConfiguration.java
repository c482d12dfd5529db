package com.karrot.kafka.autoconfigure.schema;

import com.karrot.kafka.schema.SchemaRegistryClient;
import org.apache.avro.Schema;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code kafkaschemas} actuator endpoint over the schema registry client. Needs Spring Boot's
 * actuator and a registry ({@link KarrotSchemaAutoConfiguration}); exposed and accessed like any endpoint
 * ({@code management.endpoints.web.exposure.include}, {@code management.endpoint.kafkaschemas.access}).
 */
@AutoConfiguration(after = KarrotSchemaAutoConfiguration.class)
@ConditionalOnClass({ Schema.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SchemaRegistryClient.class)
public final class KarrotSchemaEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(SchemaEndpoint.class)
    SchemaEndpoint karrotSchemaEndpoint(SchemaRegistryClient registry) {
        return new SchemaEndpoint(registry);
    }
}
