package com.karrot.kafka.test;

import org.springframework.context.annotation.Configuration;

/**
 * Runs a service on this machine against the test kit's in-process broker ({@link SharedKafkaBroker}) and in-memory
 * schema registry, with nothing installed but Java. Add a {@code main} to the service's test sources:
 *
 * <pre>{@code
 * public class TestOrderServiceApplication {
 *     public static void main(String[] args) {
 *         SpringApplication.from(OrderServiceApplication::main).with(LocalKafka.class).run(args);
 *     }
 * }
 * }</pre>
 *
 * and run it from the IDE or with {@code mvn spring-boot:test-run}. Before the application context starts, the
 * broker and the registry start and {@code spring.kafka.bootstrap-servers} and
 * {@code karrot.kafka.schema.registry.url} point at them, ahead of any other setting. They live as long as the JVM;
 * the broker's data and the registry's schemas are gone when it stops.
 */
@Configuration(proxyBeanMethods = false)
public final class LocalKafka {

    private LocalKafka() {
    }
}
