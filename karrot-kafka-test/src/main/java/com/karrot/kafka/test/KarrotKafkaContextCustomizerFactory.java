package com.karrot.kafka.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.karrot.kafka.test.assertj.KarrotKafkaScenario;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Adds the shared broker's address, and the shared schema registry's when asked, to the environment of contexts of
 * {@link KarrotKafkaTest} classes, turns the direct publisher on for the scenario, and registers the
 * {@link KarrotKafkaScenario}.
 */
final class KarrotKafkaContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        KarrotKafkaTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, KarrotKafkaTest.class);
        boolean schemaRegistry = annotation != null && annotation.schemaRegistry();
        // the broker starts while JUnit and Spring prepare the test and the context; only reading the address waits
        SharedKafkaBroker.startInBackground();
        if (schemaRegistry) {
            // shared() is synchronized: the context's first read of the URL waits for this start to finish
            Thread registryStart = new Thread(InMemorySchemaRegistry::shared, "karrot-shared-schema-registry-start");
            registryStart.setDaemon(true);
            registryStart.start();
        }
        return new SharedBrokerCustomizer(schemaRegistry);
    }

    // every instance with the same switch customizes the same way, so contexts stay cacheable across test classes
    private record SharedBrokerCustomizer(boolean schemaRegistry) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Supplier<String>> properties = new LinkedHashMap<>();
            properties.put("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
            if (this.schemaRegistry) {
                properties.put("karrot.kafka.schema.registry.url", () -> InMemorySchemaRegistry.shared().url());
            }
            context.getEnvironment().getPropertySources().addFirst(new LazyPropertySource("karrotSharedKafkaBroker",
                    properties));
            // the scenario's publish sends through the direct publisher, also where the application has the outbox;
            // a default the test's own properties override
            // and a Kafka Streams application id of its own per context: contexts share the broker, and two of them
            // with one application id would share (and rebalance) one topology
            String applicationId = context.getEnvironment().getProperty("spring.application.name", "streams") + "-test-"
                    + UUID.randomUUID().toString().substring(0, 8);
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("karrotKafkaTestDefaults",
                    Map.of("karrot.kafka.publisher.direct.enabled", "true", "spring.kafka.streams.application-id",
                            applicationId)));
            context.getBeanFactory().registerSingleton("karrotKafkaScenario", new KarrotKafkaScenario(context));
        }
    }
}
