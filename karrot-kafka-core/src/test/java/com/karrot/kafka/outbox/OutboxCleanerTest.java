package com.karrot.kafka.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** The retention clean-up on a real (in-memory H2) outbox, against a fixed clock. */
class OutboxCleanerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final DataSource dataSource = dataSource();

    private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

    private final JdbcOutboxStore store = new JdbcOutboxStore(this.dataSource);

    @Test
    void eventsOlderThanTheRetentionAreDeletedInBatchesWithTheirFailureState() {
        int old = 2 * OutboxCleaner.BATCH_SIZE + 500;
        for (int i = 0; i < old; i++) {
            insert(NOW.minus(Duration.ofHours(2)).plusMillis(i));
        }
        insert(NOW.minus(Duration.ofMinutes(59)));
        insert(NOW);
        Long oldest = this.jdbc.queryForObject("SELECT MIN(id) FROM karrot_outbox", Long.class);
        this.jdbc.update("INSERT INTO karrot_outbox_failure (outbox_id, event_id, aggregate_type, aggregate_id, status, "
                + "attempts, last_error, last_failed_at) SELECT id, event_id, aggregate_type, aggregate_id, 'FAILED', 10, "
                + "'too large', created_at FROM karrot_outbox WHERE id = ?", oldest);

        OutboxCleaner cleaner = new OutboxCleaner(this.store, Duration.ofHours(1), Duration.ofMinutes(10),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(cleaner.clean()).isEqualTo(old);
        assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM karrot_outbox", Integer.class)).isEqualTo(2);
        assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM karrot_outbox_failure", Integer.class)).isZero();
        assertThat(cleaner.clean()).isZero();
    }

    @Test
    void startedCleanerDeletesAtOnceAndStops() {
        insert(NOW.minus(Duration.ofDays(2)));
        OutboxCleaner cleaner = new OutboxCleaner(this.store, Duration.ofDays(1), Duration.ofHours(1),
                Clock.fixed(NOW, ZoneOffset.UTC));
        cleaner.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> this.jdbc.queryForObject("SELECT COUNT(*) FROM karrot_outbox", Integer.class) == 0);
            assertThat(cleaner.isRunning()).isTrue();
        }
        finally {
            cleaner.stop();
        }
        assertThat(cleaner.isRunning()).isFalse();
    }

    @Test
    void retentionMustBePositive() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new OutboxCleaner(this.store, Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()))
            .withMessage("retention must be positive");
    }

    private void insert(Instant createdAt) {
        this.store.insert(new OutboxRecord(null, UUID.randomUUID().toString(), "ITEM_SOLD", "item", "item-1", "items",
                0, "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of(), createdAt, 0));
    }

    private static DataSource dataSource() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:cleaner-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource(OutboxDatabase.H2.schemaLocation())).execute(dataSource);
        return dataSource;
    }
}
