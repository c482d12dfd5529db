package com.karrot.kafka.autoconfigure.outbox;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.jdbc.TableNames;
import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxCleaner;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxStore;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void cleanerRunsOnlyWhileTheRelayIsOff() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(OutboxRelay.class)
            .doesNotHaveBean(OutboxCleaner.class));
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.relay.enabled=false")
            .run(context -> assertThat(context).hasSingleBean(OutboxCleaner.class));
    }

    @Test
    void cleanerIsNotCreatedWhenSwitchedOff() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.relay.enabled=false", "karrot.kafka.outbox.cleanup.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(OutboxCleaner.class));
    }

    @Test
    void cleanerDeletesEventsOlderThanTheRetentionWhileTheRelayIsOff() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.relay.enabled=false",
                    "karrot.kafka.outbox.cleanup.retention=200ms", "karrot.kafka.outbox.cleanup.interval=100ms")
            .run(context -> {
                new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                    .executeWithoutResult(status -> context.getBean(KarrotEventPublisher.class)
                        .publish(new ItemListed("item-9")));
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                await().atMost(Duration.ofSeconds(10)).until(
                        () -> jdbc.queryForObject("SELECT COUNT(*) FROM karrot_outbox", Integer.class) == 0);
            });
    }

    @Test
    void aRetentionThatIsNotPositiveFailsStartupNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.relay.enabled=false", "karrot.kafka.outbox.cleanup.retention=0s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.outbox.cleanup.retention must be positive"));
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
    void tablesOfTheDefaultNamesAreCreatedWithTheirConstraintAndIndex() {
        this.contextRunner.run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(outboxTables(jdbc)).containsExactlyInAnyOrder("PUBLIC.KARROT_OUTBOX",
                    "PUBLIC.KARROT_OUTBOX_FAILURE", "PUBLIC.KARROT_OUTBOX_LEASE", "PUBLIC.KARROT_OUTBOX_INSTANCE");
            assertThat(names(jdbc, "TABLE_CONSTRAINTS", "CONSTRAINT_NAME")).contains("KARROT_OUTBOX_EVENT_ID");
            assertThat(names(jdbc, "INDEXES", "INDEX_NAME")).contains("KARROT_OUTBOX_FAILURE_AGGREGATE");
        });
    }

    @Test
    void tablesOfAnotherPrefixAreCreatedInTheirSchemaAndUsed() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.jdbc.table-prefix=app_",
                    "karrot.kafka.outbox.jdbc.table-schema=messaging", "karrot.kafka.outbox.relay.enabled=false")
            .run(context -> {
                new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                    .executeWithoutResult(status -> context.getBean(KarrotEventPublisher.class)
                        .publish(new ItemListed("item-3")));
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                assertThat(outboxTables(jdbc)).containsExactlyInAnyOrder("MESSAGING.APP_OUTBOX",
                        "MESSAGING.APP_OUTBOX_FAILURE", "MESSAGING.APP_OUTBOX_LEASE", "MESSAGING.APP_OUTBOX_INSTANCE");
                assertThat(names(jdbc, "TABLE_CONSTRAINTS", "CONSTRAINT_NAME")).contains("APP_OUTBOX_EVENT_ID");
                assertThat(names(jdbc, "INDEXES", "INDEX_NAME")).contains("APP_OUTBOX_FAILURE_AGGREGATE");
                assertThat(jdbc.queryForObject("SELECT aggregate_id FROM messaging.app_outbox", String.class))
                    .isEqualTo("item-3");
                assertThat(context.getBean(OutboxStore.class).statistics().pending()).isOne();
            });
    }

    @Test
    void tablesAreNotCreatedWhenInitializationIsOff() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.initialize-schema=never",
                "karrot.kafka.outbox.relay.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(OutboxSchemaInitializer.class);
            assertThat(outboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).isEmpty();
        });
    }

    @Test
    void thePropertyThatInitializeSchemaReplacedStillWorks() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.schema.initialize=never",
                "karrot.kafka.outbox.relay.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(OutboxSchemaInitializer.class);
            assertThat(outboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).isEmpty();
        });
    }

    @Test
    void initializeSchemaWinsOverThePropertyItReplaced() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.schema.initialize=never",
                "karrot.kafka.outbox.jdbc.initialize-schema=always", "karrot.kafka.outbox.relay.enabled=false")
            .run(context -> assertThat(outboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).hasSize(4));
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.schema.initialize=always",
                "karrot.kafka.outbox.jdbc.initialize-schema=never", "karrot.kafka.outbox.relay.enabled=false")
            .run(context -> assertThat(outboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).isEmpty());
    }

    @Test
    void invalidTableNamesFailStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.table-prefix=karrot-")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.outbox.jdbc.table-prefix")
                .hasMessageContaining("'karrot-'"));
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.table-schema=messaging;drop")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.outbox.jdbc.table-schema"));
    }

    @Test
    void nothingIsLookedForOnAServerDatabaseUnlessAsked() {
        // an H2 file database is no embedded database to Spring Boot; oracle, a platform without a script here
        this.contextRunner
            .withPropertyValues("spring.datasource.url=jdbc:h2:file:${java.io.tmpdir}/outbox-server-${random.uuid}",
                    "karrot.kafka.outbox.jdbc.platform=oracle", "karrot.kafka.outbox.relay.enabled=false")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(OutboxSchemaInitializer.class);
                assertThat(outboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).isEmpty();
            });
    }

    @Test
    void aPlatformWithoutAScriptFailsStartupWhenTheTablesAreToBeCreated() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.platform=oracle")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("karrot.kafka.outbox.jdbc.platform")
                .hasMessageContaining("karrot-kafka/schema/outbox/v1/oracle.sql"));
    }

    @Test
    void topicThatIsNoTopicNameFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.topics.item=marketplace item")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.outbox.topics.item must be a topic name"));
    }

    @Test
    void aSchemaLocationWithoutAScriptFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.schema=classpath:nowhere/@@platform@@.sql")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("karrot.kafka.outbox.jdbc.schema")
                .hasMessageContaining("nowhere/h2.sql"));
    }

    @Test
    void aFailingStatementOfTheScriptFailsStartup() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.schema=classpath:outbox-test/broken.sql")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("outbox-test/broken.sql"));
    }

    @Test
    void tablesAreCreatedAfterTheApplicationsOwnSqlScripts() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
            .withPropertyValues("spring.sql.init.schema-locations=classpath:outbox-test/application-schema.sql",
                    "karrot.kafka.outbox.relay.enabled=false")
            .run(context -> {
                assertThat(context).hasNotFailed();
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                assertThat(outboxTables(jdbc)).hasSize(4);
                assertThat(jdbc.queryForList("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS "
                        + "WHERE TABLE_NAME = 'KARROT_OUTBOX_INSTANCE'", String.class)).contains("CREATED_BY");
            });
    }

    @Test
    void jdbcDefaultsAreSpringBootsButForContinueOnError() {
        DatabaseInitializationProperties boot = new DatabaseInitializationProperties() {

            @Override
            public String getDefaultSchemaLocation() {
                return "";
            }
        };
        OutboxProperties.Jdbc jdbc = new OutboxProperties().getJdbc();
        assertThat(jdbc.getInitializeSchema()).isEqualTo(boot.getInitializeSchema());
        assertThat(jdbc.getPlatform()).isEqualTo(boot.getPlatform());
        // the scripts create only what is missing: an error is a real one, and stops start-up as before
        assertThat(boot.isContinueOnError()).isTrue();
        assertThat(jdbc.isContinueOnError()).isFalse();
        assertThat(jdbc.tableNames()).isEqualTo(TableNames.defaults());
    }

    @Test
    void missingTablesFailStartupWithAHint() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.jdbc.initialize-schema=never")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.outbox.jdbc.initialize-schema=always"));
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
    void leaseShorterThanTheSendTimeoutIsAllowedBecauseLeasesAreRenewedDuringABatch() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.outbox.relay.lease-duration=8s", "karrot.kafka.outbox.relay.send-timeout=10s")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OutboxRelay.class));
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

    /** The outbox tables of the database, as schema.table. */
    static List<String> outboxTables(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT TABLE_SCHEMA || '.' || TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_NAME LIKE '%OUTBOX%'", String.class);
    }

    private static List<String> names(JdbcTemplate jdbc, String view, String column) {
        return jdbc.queryForList("SELECT " + column + " FROM INFORMATION_SCHEMA." + view, String.class);
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
