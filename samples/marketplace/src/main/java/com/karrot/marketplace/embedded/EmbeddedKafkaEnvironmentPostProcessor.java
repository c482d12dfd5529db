package com.karrot.marketplace.embedded;

import java.util.Map;
import java.util.function.Supplier;

import com.karrot.kafka.test.SharedKafkaBroker;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the test kit's in-process KRaft broker ({@link SharedKafkaBroker}) and in-memory schema registry
 * ({@link InMemorySchemaRegistry#shared()}) before the application context when {@value #ENABLED} is {@code true},
 * and points {@code spring.kafka.bootstrap-servers} and {@code karrot.kafka.schema.registry.url} at them, so the
 * sample runs with nothing installed but Java. The broker lives as long as the JVM; its data goes to a temporary directory,
 * removed when the JVM shuts down.
 *
 * <p>It runs after the configuration files are read, so the property can be set in them, in a profile, or on the
 * command line. When enabled, the embedded broker's and registry's addresses take precedence over any configured
 * ones. The registry keeps its schemas in memory: they are registered again at every start.
 */
public class EmbeddedKafkaEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The switch: {@code true} starts the embedded broker; absent means {@code false}. */
    public static final String ENABLED = "marketplace.embedded-kafka.enabled";

    /** The name of the property source that carries the broker's address. */
    public static final String PROPERTY_SOURCE = "marketplaceEmbeddedKafka";

    private final Log log;

    private final Supplier<String> bootstrapServers;

    private final Supplier<String> registryUrl;

    /**
     * Creates the post-processor; Spring Boot calls this constructor.
     * @param logs the logs that are replayed once logging is set up
     */
    public EmbeddedKafkaEnvironmentPostProcessor(DeferredLogFactory logs) {
        this(logs.getLog(EmbeddedKafkaEnvironmentPostProcessor.class), SharedKafkaBroker::bootstrapServers,
                () -> InMemorySchemaRegistry.shared().url());
    }

    EmbeddedKafkaEnvironmentPostProcessor(Log log, Supplier<String> bootstrapServers, Supplier<String> registryUrl) {
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        long start = System.nanoTime();
        String servers = this.bootstrapServers.get();
        String registry = this.registryUrl.get();
        environment.getPropertySources()
            .addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.kafka.bootstrap-servers", servers,
                    "karrot.kafka.schema.registry.url", registry)));
        this.log.info("Embedded Kafka broker (KRaft, in-process) at " + servers + " and in-memory schema registry at "
                + registry + ", ready in " + (System.nanoTime() - start) / 1_000_000 + " ms; set " + ENABLED
                + "=false to use a real cluster and registry");
    }

    // after ConfigDataEnvironmentPostProcessor, so the switch can come from application.properties and profiles
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
