package com.karrot.kafka.autoconfigure;

import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint;
import com.karrot.kafka.autoconfigure.listener.KarrotListenerContainerFactoryCustomizer;
import com.karrot.kafka.autoconfigure.listener.KarrotListenerRegistrarCustomizer;
import com.karrot.kafka.autoconfigure.outbox.OutboxEndpoint;
import com.karrot.kafka.autoconfigure.schema.SchemaEndpoint;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.InboxStore;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter, with every auto-configuration its imports file lists, starts without each of its optional
 * libraries (Micrometer, actuator, JDBC, Avro) and keeps every part that does not need the missing one.
 */
class OptionalLibrariesAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withConfiguration(AutoConfigurations.of(starterAutoConfigurations()))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.application.name=search",
                "spring.datasource.url=jdbc:h2:mem:optional-libraries-${random.uuid}",
                "karrot.kafka.outbox.relay.send-timeout=1s", "karrot.kafka.outbox.relay.lease-duration=3s",
                "management.endpoints.web.exposure.include=kafkaoutbox,kafkadlq")
        .withUserConfiguration(ItemListener.class)
        // no broker here: containers are registered but not started, and no dead-letter topic is created
        .withBean(KarrotListenerContainerFactoryCustomizer.class, () -> factory -> factory.setAutoStartup(false))
        .withBean(KarrotListenerRegistrarCustomizer.class, () -> builder -> builder.adminConfig(null));

    @Test
    void everyPartIsThereWithEveryLibrary() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
            .hasSingleBean(OutboxRelay.class)
            .hasSingleBean(KarrotEventListenerRegistrar.class)
            .hasSingleBean(InboxStore.class)
            .hasSingleBean(OutboxEndpoint.class)
            .hasSingleBean(DeadLetterEndpoint.class)
            .hasBean("karrotOutboxMeters")
            .hasBean("karrotListenerMeters")
            .hasBean("kafkaHealthIndicator"));
    }

    @Test
    void starterStartsWithoutMicrometer() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .hasSingleBean(OutboxRelay.class)
                .hasSingleBean(KarrotEventListenerRegistrar.class)
                .hasSingleBean(OutboxEndpoint.class)
                .doesNotHaveBean("karrotOutboxMeters")
                .doesNotHaveBean("karrotListenerMeters"));
    }

    @Test
    void starterStartsWithoutActuator() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .hasSingleBean(OutboxRelay.class)
                .hasSingleBean(KarrotEventListenerRegistrar.class)
                .hasBean("karrotOutboxMeters")
                .doesNotHaveBean(OutboxEndpoint.class)
                .doesNotHaveBean(DeadLetterEndpoint.class));
    }

    @Test
    void starterStartsWithoutAvroAndPublishesJson() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.avro"))
            .withPropertyValues("karrot.kafka.schema.registry.url=http://127.0.0.1:9")
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .hasSingleBean(KarrotEventListenerRegistrar.class)
                .doesNotHaveBean(SchemaRegistryClient.class)
                .doesNotHaveBean(SchemaEndpoint.class)
                .getBean(EventSerializer.class)
                .isInstanceOf(JsonEventSerializer.class));
    }

    @Test
    void listenersWorkWithoutJdbcButThereIsNoOutboxAndNoInbox() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("javax.sql", "org.springframework.jdbc"))
            .run(context -> {
                assertThat(context).hasSingleBean(KarrotEventListenerRegistrar.class)
                    .hasBean("karrotListenerMeters")
                    .doesNotHaveBean(KarrotEventPublisher.class)
                    .hasSingleBean(DirectEventPublisher.class)
                    .doesNotHaveBean(OutboxRelay.class)
                    .doesNotHaveBean(OutboxEndpoint.class)
                    .doesNotHaveBean(InboxStore.class);
                assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainerIds())
                    .containsExactly("search-marketplace.item");
            });
    }

    private static Class<?>[] starterAutoConfigurations() {
        ClassLoader classLoader = OptionalLibrariesAutoConfigurationTest.class.getClassLoader();
        return ImportCandidates.load(AutoConfiguration.class, classLoader)
            .getCandidates()
            .stream()
            .filter(name -> name.startsWith("com.karrot.kafka.autoconfigure."))
            .map(name -> ClassUtils.resolveClassName(name, classLoader))
            .toArray(Class<?>[]::new);
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId) {
    }

    static class ItemListener {

        @KarrotEventListener(topics = "marketplace.item")
        void sold(ItemSold event) {
        }
    }
}
