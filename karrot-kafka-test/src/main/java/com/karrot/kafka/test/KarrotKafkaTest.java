package com.karrot.kafka.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.karrot.kafka.test.registry.InMemorySchemaRegistry;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Points a Spring test's application context at the {@linkplain SharedKafkaBroker shared in-process broker}:
 * {@code spring.kafka.bootstrap-servers} is set to its address before the context starts. Put it next to
 * {@code @SpringBootTest}:
 *
 * <pre>{@code
 * @SpringBootTest
 * @KarrotKafkaTest
 * class ItemServiceTest { ... }
 * }</pre>
 *
 * Contexts of different test classes are cached and reused as usual: the broker address is the same for all.
 *
 * <p>The first such test class of a JVM starts the broker in the background while JUnit and Spring prepare the
 * test and start its application context; the context waits for the broker only when it first reads
 * {@code spring.kafka.bootstrap-servers} (a broker that failed or took over two minutes to start fails the context
 * with the reason).
 *
 * <p>With {@code schemaRegistry = true}, {@code karrot.kafka.schema.registry.url} is also set, to the
 * {@linkplain InMemorySchemaRegistry#shared() in-memory schema registry} shared by the JVM, so that the service's
 * Avro events go through a real registry client over HTTP and its schemas are registered at start-up.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ContextCustomizerFactories(KarrotKafkaContextCustomizerFactory.class)
public @interface KarrotKafkaTest {

    /**
     * Whether to point {@code karrot.kafka.schema.registry.url} at the JVM's shared in-memory schema registry.
     * @return {@code true} to start it; {@code false} by default, which leaves the property alone
     */
    boolean schemaRegistry() default false;
}
