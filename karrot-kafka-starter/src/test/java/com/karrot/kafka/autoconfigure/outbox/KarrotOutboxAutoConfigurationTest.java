package com.karrot.kafka.autoconfigure.outbox;


import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxStore;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotOutboxAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class,
                KarrotOutboxAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9",
                "spring.datasource.url=jdbc:h2:mem:outbox-autoconfig-${random.uuid}",
                "karrot.kafka.outbox.topics.item=marketplace.item", "karrot.kafka.outbox.relay.send-timeout=1s",
                "karrot.kafka.outbox.relay.lease-duration=3s");

    @Test
    void publisherStoreAndRelayAreCreatedWithADataSource() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(OutboxEventPublisher.class)
            .hasSingleBean(JdbcOutboxStore.class)
            .hasSingleBean(OutboxRelay.class));
    }

    @Test
    void nothingIsCreatedWhenTheOutboxIsDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(KarrotEventPublisher.class)
                .doesNotHaveBean(OutboxStore.class)
                .doesNotHaveBean(OutboxRelay.class));
    }

    @Test
    void nothingIsCreatedWithoutADataSource() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class, KarrotOutboxAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(KarrotEventPublisher.class));
    }

    @Test
    void relayIsNotCreatedWhenDebeziumRelaysTheTable() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.relay.enabled=false")
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .doesNotHaveBean(OutboxRelay.class));
    }

    @Test
    void userPublisherAndStoreWin() {
        this.contextRunner.withUserConfiguration(UserBeans.class).run(context -> {
            assertThat(context).hasSingleBean(KarrotEventPublisher.class).doesNotHaveBean(OutboxEventPublisher.class);
            assertThat(context.getBean(OutboxStore.class)).isSameAs(context.getBean(UserBeans.class).store);
        });
    }

    @Test
    void tablesAreCreatedOnAnEmbeddedDatabaseAndEventsAreWrittenInTheTransaction() {
        this.contextRunner.run(context -> {
            KarrotEventPublisher publisher = context.getBean(KarrotEventPublisher.class);
            TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            tx.executeWithoutResult(status -> publisher.publish(new ItemListed("item-1")));
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT topic FROM karrot_outbox", String.class)).isEqualTo("marketplace.item");
        });
    }

    @Test
    void tablesAreNotCreatedWhenInitializationIsOff() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.schema.initialize=never",
                "karrot.kafka.outbox.relay.enabled=false").run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'KARROT_OUTBOX'",
                    Integer.class)).isZero();
        });
    }

    @Test
    void missingTablesFailStartupWithAHint() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.schema.initialize=never")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.outbox.schema.initialize=always"));
    }

    @Test
    void customizersAreApplied() {
        this.contextRunner.withBean(OutboxPublisherCustomizer.class,
                () -> builder -> builder.headersContributor((event, headers) -> headers.put("team", "items")))
            .run(context -> {
                KarrotEventPublisher publisher = context.getBean(KarrotEventPublisher.class);
                new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                    .executeWithoutResult(status -> publisher.publish(new ItemListed("item-2")));
                assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT headers FROM karrot_outbox",
                        String.class)).contains("\"team\":\"items\"").contains("\"ce_source\":\"/\"");
            });
    }

    @Test
    void sourceDefaultsToTheApplicationName() {
        this.contextRunner.withPropertyValues("spring.application.name=marketplace").run(context -> {
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> context.getBean(KarrotEventPublisher.class).publish(new ItemListed("i")));
            assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT headers FROM karrot_outbox",
                    String.class)).contains("\"ce_source\":\"/marketplace\"");
        });
    }

    @Test
    void invalidBatchSizeFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.relay.batch-size=0")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.outbox.relay.batch-size"));
    }

    @Test
    void leaseNotLongerThanTwiceTheSendTimeoutFailsStartupNamingBothProperties() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.relay.lease-duration=15s", "karrot.kafka.outbox.relay.send-timeout=10s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.outbox.relay.lease-duration")
                .hasMessageContaining("karrot.kafka.outbox.relay.send-timeout"));
    }

    @Test
    void retryMaxIntervalBelowTheInitialIntervalFailsStartupNamingBothProperties() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.retry.initial-interval=10s", "karrot.kafka.outbox.retry.max-interval=5s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.outbox.retry.max-interval")
                .hasMessageContaining("karrot.kafka.outbox.retry.initial-interval"));
    }

    @Test
    void maxPayloadSizeDefaultsToTheProducersMaxRequestSize() {
        Object kafkaDefault = ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        assertThat(new OutboxProperties().getMaxPayloadSize().toBytes())
            .isEqualTo(((Number) kafkaDefault).longValue());
    }

    @EventType(value = "ITEM_LISTED", aggregateType = "item")
    record ItemListed(@AggregateId String itemId) {
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        final OutboxStore store = org.mockito.Mockito.mock(OutboxStore.class);

        @Bean
        OutboxStore userOutboxStore() {
            return this.store;
        }

        @Bean
        KarrotEventPublisher userPublisher() {
            return (event, headers) -> "mine";
        }
    }
}
