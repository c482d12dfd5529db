package com.karrot.kafka.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Adds the shared broker's address to the environment of contexts of {@link KarrotKafkaTest} classes. */
final class KarrotKafkaContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new SharedBrokerCustomizer();
    }

    private static final class SharedBrokerCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("karrotSharedKafkaBroker",
                    Map.of("spring.kafka.bootstrap-servers", SharedKafkaBroker.bootstrapServers())));
        }

        // every instance customizes the same way, so contexts stay cacheable across test classes
        @Override
        public boolean equals(Object other) {
            return other instanceof SharedBrokerCustomizer;
        }

        @Override
        public int hashCode() {
            return SharedBrokerCustomizer.class.hashCode();
        }
    }
}
