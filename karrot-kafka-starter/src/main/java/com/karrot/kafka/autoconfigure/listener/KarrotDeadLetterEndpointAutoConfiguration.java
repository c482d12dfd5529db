package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.autoconfigure.schema.KarrotSchemaAutoConfiguration;
import com.karrot.kafka.autoconfigure.schema.SchemaProperties;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SubjectNameStrategy;
import org.apache.avro.Schema;

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
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code kafkadlq} actuator endpoint over the listeners' {@link DeadLetterQueue}. Needs Spring
 * Boot's actuator and the dead-letter queue; exposed and accessed like any endpoint
 * ({@code management.endpoints.web.exposure.include}, {@code management.endpoint.kafkadlq.access}); who sees record
 * contents is set with {@code management.endpoint.kafkadlq.show-values} and {@code .roles}. With a schema registry
 * ({@link KarrotSchemaAutoConfiguration}), values in the Confluent wire format are also shown decoded.
 */
@AutoConfiguration(after = { KarrotListenerAutoConfiguration.class, KarrotSchemaAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(DeadLetterQueue.class)
@EnableConfigurationProperties(DeadLetterEndpointProperties.class)
public final class KarrotDeadLetterEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
    DeadLetterEndpoint karrotDeadLetterEndpoint(DeadLetterQueue queue, DeadLetterEndpointProperties properties,
            ObjectProvider<DeadLetterValueDecoder> decoder) {
        return new DeadLetterEndpoint(queue, properties.getShowValues(),
                decoder.getIfAvailable(() -> DeadLetterValueDecoder.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DeadLetterEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    DeadLetterEndpointWebExtension karrotDeadLetterEndpointWebExtension(DeadLetterEndpoint endpoint,
            DeadLetterEndpointProperties properties) {
        return new DeadLetterEndpointWebExtension(endpoint, properties.getShowValues(), properties.getRoles());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
    DeadLetterRequestAdvisor karrotDeadLetterRequestAdvisor() {
        return new DeadLetterRequestAdvisor();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Schema.class)
    @ConditionalOnBean(SchemaRegistryClient.class)
    static class AvroValues {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
        DeadLetterValueDecoder karrotDeadLetterValueDecoder(SchemaRegistryClient registry,
                ObjectProvider<SchemaProperties> schemaProperties) {
            SubjectNameStrategy subjectNames = schemaProperties.getIfAvailable(SchemaProperties::new)
                .getSubjectNameStrategy();
            return new AvroValueDecoder(registry, subjectNames);
        }
    }
}
