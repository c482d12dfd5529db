package com.karrot.marketplace.embedded;

import java.util.function.Supplier;

import com.karrot.kafka.test.SharedKafkaBroker;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaEnvironmentPostProcessorIntegrationTest {

    private static final Supplier<String> NO_BROKER = () -> {
        throw new AssertionError("the embedded broker must not start");
    };

    @Test
    void enabledStartsTheSharedBrokerAndRegistryAndPointsTheServiceAtThem() {
        MockEnvironment environment = new MockEnvironment()
            .withProperty(EmbeddedKafkaEnvironmentPostProcessor.ENABLED, "true")
            .withProperty("spring.kafka.bootstrap-servers", "configured:9092");

        postProcessor(SharedKafkaBroker::bootstrapServers).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
            .isEqualTo(SharedKafkaBroker.bootstrapServers());
        assertThat(environment.getProperty("karrot.kafka.schema.registry.url"))
            .isEqualTo(InMemorySchemaRegistry.shared().url());
        assertThat(environment.getPropertySources().contains(EmbeddedKafkaEnvironmentPostProcessor.PROPERTY_SOURCE))
            .isTrue();
    }

    @Test
    void disabledLeavesTheEnvironmentAlone() {
        MockEnvironment environment = new MockEnvironment()
            .withProperty(EmbeddedKafkaEnvironmentPostProcessor.ENABLED, "false")
            .withProperty("spring.kafka.bootstrap-servers", "configured:9092");

        postProcessor(NO_BROKER).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("configured:9092");
        assertThat(environment.getPropertySources().contains(EmbeddedKafkaEnvironmentPostProcessor.PROPERTY_SOURCE))
            .isFalse();
    }

    @Test
    void absentSwitchMeansDisabled() {
        MockEnvironment environment = new MockEnvironment();

        postProcessor(NO_BROKER).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.containsProperty("spring.kafka.bootstrap-servers")).isFalse();
    }

    @Test
    void isRegisteredWithSpringBoot() {
        DeferredLogFactory logs = Supplier::get;

        assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
            .load(EnvironmentPostProcessor.class, ArgumentResolver.of(DeferredLogFactory.class, logs)))
            .hasAtLeastOneElementOfType(EmbeddedKafkaEnvironmentPostProcessor.class);
    }

    private static EmbeddedKafkaEnvironmentPostProcessor postProcessor(Supplier<String> bootstrapServers) {
        return new EmbeddedKafkaEnvironmentPostProcessor(
                LogFactory.getLog(EmbeddedKafkaEnvironmentPostProcessorIntegrationTest.class), bootstrapServers,
                () -> InMemorySchemaRegistry.shared().url());
    }
}
