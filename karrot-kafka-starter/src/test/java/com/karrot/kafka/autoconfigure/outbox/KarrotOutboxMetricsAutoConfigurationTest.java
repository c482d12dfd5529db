package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxRelayObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotOutboxMetricsAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class,
                MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, KarrotOutboxAutoConfiguration.class,
                KarrotOutboxMetricsAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9",
                "spring.datasource.url=jdbc:h2:mem:outbox-metrics-${random.uuid}",
                "karrot.kafka.outbox.relay.enabled=false");

    @Test
    void gaugesOfTheOutboxAreInTheApplicationsRegistry() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(OutboxMeters.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("karrot.kafka.outbox.pending").gauge().value()).isZero();
            assertThat(registry.get("karrot.kafka.outbox.failed").gauge().value()).isZero();
        });
    }

    @Test
    void metersAreNotCreatedWhenTheOutboxIsDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxMeters.class));
    }

    @Test
    void outboxStartsWithoutMeters() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .doesNotHaveBean(OutboxMeters.class));
    }

    @Test
    void aServicesOwnRelayObserverHearsTheRelayBesideTheMeters() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.relay.enabled=true")
            .withBean("serviceObserver", OutboxRelayObserver.class, () -> new OutboxRelayObserver() {
            })
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(OutboxRelay.class)
                .hasSingleBean(OutboxMeters.class));
    }
}
