package com.karrot.kafka.autoconfigure.schema;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotSchemaEndpointAutoConfigurationTest {

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSchemaAutoConfiguration.class, KarrotSerdeAutoConfiguration.class,
                KarrotSchemaEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=kafkaschemas");

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void endpointIsThereWhenARegistryIsConfiguredAndTheEndpointExposed() {
        this.contextRunner.withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url())
            .run(context -> assertThat(context).hasSingleBean(SchemaEndpoint.class));
    }

    @Test
    void endpointIsNotThereWithoutARegistry() {
        this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(SchemaEndpoint.class));
    }

    @Test
    void endpointIsNotThereWhenNotExposed() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                    "management.endpoints.web.exposure.include=health")
            .run(context -> assertThat(context).doesNotHaveBean(SchemaEndpoint.class));
    }

    @Test
    void starterStartsWithoutActuatorAndHasNoEndpoint() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url())
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SchemaEndpoint.class));
    }
}
