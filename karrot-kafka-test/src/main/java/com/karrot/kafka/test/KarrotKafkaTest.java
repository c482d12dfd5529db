package com.karrot.kafka.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

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
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ContextCustomizerFactories(KarrotKafkaContextCustomizerFactory.class)
public @interface KarrotKafkaTest {
}
