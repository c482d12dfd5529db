package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotDirectPublisherAutoConfigurationTest {

    private final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class,
                KarrotOutboxAutoConfiguration.class, KarrotDirectPublisherAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "karrot.kafka.outbox.topics.item=items");

    private final ApplicationContextRunner withDatabase = this.withoutDatabase
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:direct-autoconfig-${random.uuid}",
                "karrot.kafka.outbox.relay.enabled=false");

    @Test
    void directPublisherIsTheOnlyPublisherWithoutADataSource() {
        this.withoutDatabase.run(context -> assertThat(context).hasSingleBean(DirectEventPublisher.class)
            .hasBean("karrotDirectEventPublisher")
            .doesNotHaveBean(KarrotEventPublisher.class));
    }

    @Test
    void directPublisherIsNotCreatedBesideTheOutboxUnlessAskedFor() {
        this.withDatabase.run(context -> assertThat(context).hasSingleBean(OutboxEventPublisher.class)
            .doesNotHaveBean(DirectEventPublisher.class));
    }

    @Test
    void bothPublishersExistWhenTheDirectOneIsAskedForBesideTheOutbox() {
        this.withDatabase.withPropertyValues("karrot.kafka.publisher.direct.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(DirectEventPublisher.class).hasSingleBean(KarrotEventPublisher.class);
            assertThat(context.getBean(KarrotEventPublisher.class)).isInstanceOf(OutboxEventPublisher.class);
        });
    }

    @Test
    void directPublisherReplacesADisabledOutbox() {
        this.withDatabase.withPropertyValues("karrot.kafka.outbox.enabled=false")
            .run(context -> assertThat(context).hasSingleBean(DirectEventPublisher.class)
                .doesNotHaveBean(KarrotEventPublisher.class));
    }

    @Test
    void directPublisherIsNotCreatedWhenSwitchedOff() {
        this.withoutDatabase.withPropertyValues("karrot.kafka.publisher.direct.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(DirectEventPublisher.class));
    }

    @Test
    void directPublisherStartsWithoutJdbc() {
        this.withoutDatabase
            .withClassLoader(new FilteredClassLoader("javax.sql", "org.springframework.jdbc",
                    "org.springframework.boot.jdbc", "org.springframework.boot.sql"))
            .run(context -> assertThat(context).hasSingleBean(DirectEventPublisher.class));
    }

    @Test
    void directPublisherStartsWithoutMicrometerAndTracing() {
        this.withoutDatabase.withClassLoader(new FilteredClassLoader("io.micrometer"))
            .run(context -> assertThat(context).hasSingleBean(DirectEventPublisher.class));
    }
}
