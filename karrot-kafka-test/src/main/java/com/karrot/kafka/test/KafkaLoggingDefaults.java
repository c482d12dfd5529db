package com.karrot.kafka.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Log levels that keep a test run (or an application started on the in-process broker) to what a person reads:
 * the in-process broker only at ERROR (it logs every partition it creates at INFO and start-up remarks at WARN),
 * the Kafka clients at WARN (no {@code ... Config values:} dump per client), their network client at ERROR (it warns
 * about every topic that does not exist yet, as on any first start on a fresh broker). They apply to every Spring Boot application that has
 * the test kit on its class path, as defaults: any {@code logging.level.*} the application sets wins, since they are
 * added as the last property source.
 */
final class KafkaLoggingDefaults implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source that holds the levels. */
    static final String PROPERTY_SOURCE = "karrotKafkaTestLoggingDefaults";

    static final Map<String, String> LEVELS = levels();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, Map.copyOf(LEVELS)));
        }
    }

    // Spring Boot's logging listener reads the levels right after the post-processors: the order among them is free
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static Map<String, String> levels() {
        Map<String, String> levels = new LinkedHashMap<>();
        // the broker: kafka.* (Scala side), its partition state log, and its Java packages
        for (String broker : new String[] { "kafka", "state.change.logger", "org.apache.kafka.controller",
                "org.apache.kafka.raft", "org.apache.kafka.server", "org.apache.kafka.storage",
                "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.coordinator",
                "org.apache.kafka.queue", "org.apache.kafka.snapshot", "org.apache.kafka.network" }) {
            levels.put("logging.level." + broker, "ERROR");
        }
        levels.put("logging.level.org.apache.kafka", "WARN");
        // "recoverable issue ... UNKNOWN_TOPIC_OR_PARTITION" while a topic (a Streams repartition topic, one created
        // on first use) comes into being: a normal start on a fresh broker
        levels.put("logging.level.org.apache.kafka.clients.NetworkClient", "ERROR");
        return levels;
    }
}
