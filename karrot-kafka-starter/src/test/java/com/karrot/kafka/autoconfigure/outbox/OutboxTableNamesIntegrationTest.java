package com.karrot.kafka.autoconfigure.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.outbox.KarrotOutboxAutoConfigurationTest.ItemListed;
import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.karrot.kafka.autoconfigure.outbox.KarrotOutboxAutoConfigurationTest.outboxTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Outbox tables of another prefix, in a schema of their own, end to end: created, written, relayed to the broker. */
class OutboxTableNamesIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private final String topic = "outbox-names-" + UUID.randomUUID();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class,
                KarrotOutboxAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=" + SharedKafkaBroker.bootstrapServers(),
                "spring.datasource.url=jdbc:h2:mem:outbox-names-" + UUID.randomUUID(),
                "karrot.kafka.outbox.topics.item=" + this.topic, "karrot.kafka.outbox.jdbc.table-prefix=shop_",
                "karrot.kafka.outbox.jdbc.table-schema=messaging");

    @Test
    void eventWrittenToTablesOfAnotherPrefixAndSchemaIsRelayed() {
        this.contextRunner.run(context -> {
            assertThat(outboxTables(new JdbcTemplate(context.getBean(DataSource.class)))).containsExactlyInAnyOrder(
                    "MESSAGING.SHOP_OUTBOX", "MESSAGING.SHOP_OUTBOX_FAILURE", "MESSAGING.SHOP_OUTBOX_LEASE",
                    "MESSAGING.SHOP_OUTBOX_INSTANCE");
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> context.getBean(KarrotEventPublisher.class)
                    .publish(new ItemListed("item-7")));

            try (KafkaConsumer<String, String> consumer = consumer()) {
                List<String> keys = new ArrayList<>();
                await().atMost(DELIVERY).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
                    return !keys.isEmpty();
                });
                assertThat(keys).containsExactly("item-7");
            }
            await().atMost(DELIVERY).until(() -> context.getBean(OutboxStore.class).statistics().pending() == 0);
            Integer leased = new JdbcTemplate(context.getBean(DataSource.class))
                .queryForObject("SELECT COUNT(*) FROM messaging.shop_outbox_lease WHERE owner IS NOT NULL", Integer.class);
            assertThat(leased).as("shards leased in the renamed lease table").isPositive();
        });
    }

    private KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(this.topic));
        return consumer;
    }
}
