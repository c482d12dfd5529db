package com.karrot.kafka.autoconfigure.listener;

import java.time.Duration;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotListenerMetricsAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class, MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                KarrotListenerAutoConfiguration.class, KarrotListenerMetricsAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.application.name=search")
        .withBean(KarrotListenerRegistrarCustomizer.class, () -> builder -> builder.adminConfig(null));

    @Test
    void handledRecordsAreCountedInTheApplicationsRegistry() {
        this.contextRunner.run(context -> {
            context.getBean(ListenerMeters.class).handled("search-items", "ITEM_SOLD", Duration.ofMillis(3), null);
            assertThat(context.getBean(MeterRegistry.class)
                .get("karrot.kafka.listener.processed")
                .tags("listener", "search-items", "event.type", "ITEM_SOLD")
                .counter()
                .count()).isEqualTo(1.0);
        });
    }

    @Test
    void metersAreNotCreatedWhenListenersAreDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenerMeters.class));
    }

    @Test
    void listenersStartWithoutMeters() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .run(context -> assertThat(context).hasSingleBean(KarrotEventListenerRegistrar.class)
                .doesNotHaveBean(ListenerMeters.class));
    }
}
