package com.karrot.kafka.test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LazyPropertySourceTest {

    @Test
    void valueIsComputedOnFirstReadOnly() {
        AtomicInteger reads = new AtomicInteger();
        LazyPropertySource source = new LazyPropertySource("lazy",
                Map.of("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + (9092 + reads.getAndIncrement())));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(source);

        assertThat(source.getPropertyNames()).containsExactly("spring.kafka.bootstrap-servers");
        assertThat(environment.containsProperty("spring.kafka.bootstrap-servers")).isTrue();
        assertThat(reads).hasValue(0);
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9092");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9092");
        assertThat(reads).hasValue(1);
        assertThat(source.getProperty("karrot.kafka.schema.registry.url")).isNull();
    }
}
