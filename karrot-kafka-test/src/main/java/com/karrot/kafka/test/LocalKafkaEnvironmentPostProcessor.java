package com.karrot.kafka.test;

import java.util.Map;

import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the shared broker and schema registry for applications run with {@link LocalKafka} among their sources,
 * and puts their addresses first in the environment.
 */
final class LocalKafkaEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source that carries the addresses. */
    static final String PROPERTY_SOURCE = "karrotLocalKafka";

    private final Log log;

    LocalKafkaEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(LocalKafka.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!application.getAllSources().contains(LocalKafka.class)) {
            return;
        }
        long start = System.nanoTime();
        String servers = SharedKafkaBroker.bootstrapServers();
        String registry = InMemorySchemaRegistry.shared().url();
        environment.getPropertySources()
            .addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.kafka.bootstrap-servers", servers,
                    "karrot.kafka.schema.registry.url", registry)));
        this.log.info("Local Kafka broker (in-process KRaft) at " + servers + " and in-memory schema registry at "
                + registry + ", ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    // after the configuration files are read, so that nothing they say replaces the local addresses
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
