package com.karrot.kafka.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.karrot.kafka.listener.InboxEntry;
import com.karrot.kafka.listener.JdbcInboxStore;
import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.JdbcShardLeaseStore;
import com.karrot.kafka.outbox.OrderingMode;
import com.karrot.kafka.outbox.OutboxRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped DDL renamed by {@link TableNames} and the JDBC stores on the renamed tables, on every database: H2
 * always, PostgreSQL and MariaDB when {@code KARROT_TEST_POSTGRES_URL} / {@code KARROT_TEST_MARIADB_URL} are set.
 */
class TableNamesIntegrationTest {

    private static final String SCHEMA = "karrot_names_test";

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static List<Arguments> databases() {
        List<Arguments> databases = new ArrayList<>();
        databases.add(Arguments.of("h2", "jdbc:h2:mem:names-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        String postgres = System.getenv("KARROT_TEST_POSTGRES_URL");
        if (postgres != null && !postgres.isBlank()) {
            databases.add(Arguments.of("postgresql", postgres));
        }
        String mariadb = System.getenv("KARROT_TEST_MARIADB_URL");
        if (mariadb != null && !mariadb.isBlank()) {
            databases.add(Arguments.of("mariadb", mariadb));
        }
        return databases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storesWorkOnTablesOfAnotherPrefixInAnotherSchema(String platform, String url) throws IOException {
        inOwnSchema(platform, url, (dataSource, jdbc, names) -> {
            create(dataSource, names, "outbox", platform);
            create(dataSource, names, "inbox", platform);
            // run again, as on every start: everything is there already
            create(dataSource, names, "outbox", platform);

            JdbcOutboxStore outbox = new JdbcOutboxStore(dataSource, names);
            JdbcShardLeaseStore leases = new JdbcShardLeaseStore(dataSource, names);
            leases.createShards(1);
            assertThat(leases.claim(0, "relay", NOW, NOW.plusSeconds(30))).isTrue();
            leases.heartbeat("relay", NOW.plusSeconds(30), NOW);
            assertThat(leases.liveInstances(NOW)).isOne();
            outbox.insert(new OutboxRecord(null, UUID.randomUUID().toString(), "ITEM_SOLD", "item", "item-1", "items", 0,
                    new byte[] { 1 }, "application/json", Map.of(), NOW, 0));
            List<OutboxRecord> due = outbox.fetchDue(Set.of(0), NOW, OrderingMode.PER_AGGREGATE, 10, List.of());
            assertThat(due).singleElement().extracting(OutboxRecord::aggregateId).isEqualTo("item-1");
            assertThat(outbox.recordFailure(due.get(0), "no topic", NOW, NOW.plusSeconds(1), true, "relay")).isTrue();
            assertThat(outbox.statistics().failed()).isOne();
            assertThat(outbox.findFailed(0, 10)).singleElement().extracting(failure -> failure.lastError())
                .isEqualTo("no topic");
            assertThat(outbox.retry(due.get(0).eventId(), NOW)).isTrue();
            assertThat(outbox.removeOrphanedFailures()).isZero();
            outbox.delete(due);
            assertThat(outbox.statistics().pending()).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + names.table("outbox_failure"), Integer.class))
                .as("failure rows go with their event").isZero();
            leases.leave("relay");
            assertThat(leases.liveInstances(NOW)).isZero();

            JdbcInboxStore inbox = new JdbcInboxStore(dataSource, names);
            InboxEntry entry = new InboxEntry("group", "event-1", "listener", "topic", 0, 1,
                    NOW.minus(8, ChronoUnit.DAYS));
            assertThat(inbox.markProcessed(entry)).isTrue();
            assertThat(inbox.markProcessed(entry)).isFalse();
            assertThat(inbox.deleteProcessedBefore(NOW.minus(7, ChronoUnit.DAYS), 10)).isOne();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deleteTakesExactlyTheEventsGivenWithTheirFailureRowsWithOrWithoutGapsBetweenThem(String platform, String url)
            throws IOException {
        inOwnSchema(platform, url, (dataSource, jdbc, names) -> {
            create(dataSource, names, "outbox", platform);
            JdbcOutboxStore outbox = new JdbcOutboxStore(dataSource, names);
            new JdbcShardLeaseStore(dataSource, names).createShards(1);
            jdbc.update("UPDATE " + names.table("outbox_lease") + " SET owner = 'relay'");
            for (int n = 0; n < 10; n++) {
                outbox.insert(new OutboxRecord(null, UUID.randomUUID().toString(), "ITEM_SOLD", "item", "item-" + n,
                        "items", 0, new byte[] { 1 }, "application/json", Map.of(), NOW, 0));
            }
            List<OutboxRecord> all = outbox.fetchDue(null, NOW, OrderingMode.PER_AGGREGATE, 10, List.of());
            assertThat(all).hasSize(10);
            assertThat(outbox.recordFailure(all.get(3), "retry", NOW, NOW, false, "relay")).isTrue();
            assertThat(outbox.recordFailure(all.get(7), "retry", NOW, NOW, false, "relay")).isTrue();

            // the 3rd to the 5th, no gap between them, given out of order
            outbox.delete(List.of(all.get(4), all.get(2), all.get(3)));
            // the 7th and the 9th, the 8th left between them
            outbox.delete(List.of(all.get(6), all.get(8)));

            assertThat(outbox.fetchDue(null, NOW, OrderingMode.PER_AGGREGATE, 10, List.of()))
                .extracting(OutboxRecord::aggregateId)
                .containsExactly("item-0", "item-1", "item-5", "item-7", "item-9");
            assertThat(jdbc.queryForList("SELECT outbox_id FROM " + names.table("outbox_failure"), Long.class))
                .as("the failure row of the 8th only").containsExactly(all.get(7).id());
        });
    }

    /** Runs work on the tables of {@link #SCHEMA} with the prefix {@code alt_}, in a schema created for it. */
    private static void inOwnSchema(String platform, String url, SchemaWork work) throws IOException {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, true);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        dropSchema(jdbc, platform);
        try {
            work.run(dataSource, jdbc, TableNames.of(SCHEMA, "alt_"));
        }
        finally {
            dropSchema(jdbc, platform);
            dataSource.destroy();
        }
    }

    private interface SchemaWork {

        void run(DataSource dataSource, JdbcTemplate jdbc, TableNames names) throws IOException;
    }

    private static void create(DataSource dataSource, TableNames names, String capability, String platform)
            throws IOException {
        String ddl = names.rewrite(TableNamesTest.script(capability, platform));
        new ResourceDatabasePopulator(new ByteArrayResource(ddl.getBytes(StandardCharsets.UTF_8))).execute(dataSource);
    }

    private static void dropSchema(JdbcTemplate jdbc, String platform) {
        jdbc.execute(platform.equals("mariadb") ? "DROP SCHEMA IF EXISTS " + SCHEMA
                : "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
}
