package com.karrot.kafka.autoconfigure.listener;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.listener.InboxEntry;
import com.karrot.kafka.listener.InboxMode;
import com.karrot.kafka.listener.InboxStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox table: its names, and when the starter creates it. */
class ListenerInboxConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class,
                DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                KarrotListenerAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9",
                "spring.datasource.url=jdbc:h2:mem:inbox-autoconfig-${random.uuid}");

    @Test
    void tableOfTheDefaultNameIsCreatedWithItsIndex() {
        this.contextRunner.run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(inboxTables(jdbc)).containsExactly("PUBLIC.KARROT_INBOX");
            assertThat(jdbc.queryForList("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES", String.class))
                .contains("KARROT_INBOX_PROCESSED_AT");
        });
    }

    @Test
    void tableOfAnotherPrefixIsCreatedInItsSchemaAndUsed() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.listener.inbox.jdbc.table-prefix=app_",
                    "karrot.kafka.listener.inbox.jdbc.table-schema=messaging")
            .run(context -> {
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                assertThat(inboxTables(jdbc)).containsExactly("MESSAGING.APP_INBOX");
                assertThat(jdbc.queryForList("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES", String.class))
                    .contains("APP_INBOX_PROCESSED_AT");
                InboxEntry entry = new InboxEntry("payments", "event-1", "listener", "topic", 0, 1, Instant.now());
                assertThat(context.getBean(InboxStore.class).markProcessed(entry)).isTrue();
                assertThat(context.getBean(InboxStore.class).markProcessed(entry)).isFalse();
                assertThat(jdbc.queryForObject("SELECT event_id FROM messaging.app_inbox", String.class))
                    .isEqualTo("event-1");
            });
    }

    @Test
    void tableIsNotCreatedWhenInitializationIsOff() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.jdbc.initialize-schema=never")
            .run(context -> {
                assertThat(context).hasSingleBean(InboxStore.class).doesNotHaveBean(InboxSchemaInitializer.class);
                assertThat(inboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).isEmpty();
            });
    }

    @Test
    void thePropertyThatInitializeSchemaReplacedStillWorks() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.schema.initialize=never")
            .run(context -> {
                assertThat(context).doesNotHaveBean(InboxSchemaInitializer.class);
                assertThat(inboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).isEmpty();
            });
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.schema.initialize=never",
                "karrot.kafka.listener.inbox.jdbc.initialize-schema=embedded")
            .run(context -> assertThat(inboxTables(new JdbcTemplate(context.getBean(DataSource.class))))
                .containsExactly("PUBLIC.KARROT_INBOX"));
    }

    @Test
    void invalidTableNamesFailStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.jdbc.table-schema=1st")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.listener.inbox.jdbc.table-schema")
                .hasMessageContaining("'1st'"));
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.jdbc.table-prefix=app inbox")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.listener.inbox.jdbc.table-prefix"));
    }

    @Test
    void inboxModeIsPerRecordByDefaultAndTakesBatch() {
        this.contextRunner.run(context -> assertThat(context.getBean(ListenerProperties.class).getInbox().getMode())
            .isEqualTo(InboxMode.PER_RECORD));
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.mode=batch")
            .run(context -> assertThat(context.getBean(ListenerProperties.class).getInbox().getMode())
                .isEqualTo(InboxMode.BATCH));
    }

    @Test
    void inboxModeInheritFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.mode=inherit")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.listener.inbox.mode must be per-record or batch"));
    }

    private static List<String> inboxTables(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT TABLE_SCHEMA || '.' || TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_NAME LIKE '%INBOX%'", String.class);
    }
}
