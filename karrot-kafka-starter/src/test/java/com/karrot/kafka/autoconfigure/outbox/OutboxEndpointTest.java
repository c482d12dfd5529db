package com.karrot.kafka.autoconfigure.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.JdbcShardLeaseStore;
import com.karrot.kafka.outbox.OutboxDatabase;
import com.karrot.kafka.outbox.OutboxRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxEndpointTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static final String RELAY = "relay-1";

    private JdbcOutboxStore store;

    private OutboxEndpoint endpoint;

    @BeforeEach
    void createOutbox() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:endpoint-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource(OutboxDatabase.H2.schemaLocation())).execute(dataSource);
        this.store = new JdbcOutboxStore(dataSource);
        // failures are written by the relay that holds the event's shard
        JdbcShardLeaseStore leases = new JdbcShardLeaseStore(dataSource);
        leases.createShards(1);
        leases.claim(0, RELAY, NOW, NOW.plusSeconds(3600));
        this.endpoint = new OutboxEndpoint(this.store, null, Clock.fixed(NOW, ZoneOffset.UTC), Show.WHEN_AUTHORIZED);
    }

    @Test
    void reportsPendingFailedAndTheAgeOfTheOldestEvent() {
        OutboxRecord failed = insert("a", NOW.minusSeconds(90));
        insert("b", NOW.minusSeconds(30));
        this.store.recordFailure(failed, "RecordTooLargeException: too big", NOW.minusSeconds(60), null, true, RELAY);

        OutboxEndpoint.OutboxDescriptor outbox = this.endpoint.outbox(null, null);

        assertThat(outbox.pending()).isEqualTo(2);
        assertThat(outbox.failed()).isEqualTo(1);
        assertThat(outbox.oldestPendingAgeSeconds()).isEqualTo(90.0);
        assertThat(outbox.failedEvents()).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(failed.eventId());
            assertThat(event.status()).isEqualTo("FAILED");
            assertThat(event.attempts()).isEqualTo(1);
            assertThat(event.lastError()).contains("RecordTooLarge");
        });
        assertThat(this.endpoint.event(failed.eventId())).isNotNull();
        assertThat(this.endpoint.event("not-failing")).isNull();
    }

    @Test
    void errorsAndAggregateIdsAreMaskedWhereValuesAreNotShown() {
        OutboxRecord failed = insert("user-42", NOW);
        this.store.recordFailure(failed, "SerializationException: {\"email\":\"kim@example.com\"}", NOW, null, true,
                RELAY);
        OutboxEndpointWebExtension web = new OutboxEndpointWebExtension(this.endpoint, Show.WHEN_AUTHORIZED, Set.of());

        assertThat(web.outbox(SecurityContext.NONE, null, null).failedEvents()).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(failed.eventId());
            assertThat(event.aggregateId()).isEqualTo("******");
            assertThat(event.lastError()).isEqualTo("******");
            assertThat(event.attempts()).isEqualTo(1);
        });
        assertThat(web.event(SecurityContext.NONE, failed.eventId()).lastError()).isEqualTo("******");
        // outside the web (JMX, a direct call) the channel authorises: shown unless never
        assertThat(this.endpoint.event(failed.eventId()).lastError()).contains("kim@example.com");
        OutboxEndpoint never = new OutboxEndpoint(this.store, null, Clock.fixed(NOW, ZoneOffset.UTC), Show.NEVER);
        assertThat(never.event(failed.eventId()).aggregateId()).isEqualTo("******");
    }

    @Test
    void pagesThroughFailedEvents() {
        for (int i = 0; i < 5; i++) {
            OutboxRecord record = insert("agg-" + i, NOW);
            this.store.recordFailure(record, "boom", NOW, null, true, RELAY);
        }
        assertThat(this.endpoint.outbox(0, 2).failedEvents()).hasSize(2);
        assertThat(this.endpoint.outbox(2, 2).failedEvents()).hasSize(1);
        assertThat(this.endpoint.outbox(3, 2).failedEvents()).isEmpty();
    }

    @Test
    void retryMakesAFailedEventDueWithFreshAttempts() {
        OutboxRecord failed = insert("a", NOW);
        this.store.recordFailure(failed, "boom", NOW, null, true, RELAY);

        assertThat(this.endpoint.retry(failed.eventId())).containsEntry("retried", true);
        assertThat(this.store.findFailure(failed.eventId())).hasValueSatisfying(event -> {
            assertThat(event.status()).isEqualTo("RETRYING");
            assertThat(event.attempts()).isZero();
            assertThat(event.nextAttemptAt()).isEqualTo(NOW);
        });
        assertThat(this.endpoint.retry(failed.eventId())).containsEntry("retried", false);
    }

    @Test
    void retryAllAndDiscard() {
        OutboxRecord first = insert("a", NOW);
        OutboxRecord second = insert("b", NOW);
        this.store.recordFailure(first, "boom", NOW, null, true, RELAY);
        this.store.recordFailure(second, "boom", NOW, null, true, RELAY);

        assertThat(this.endpoint.retryAll()).containsEntry("retried", 2);
        assertThat(this.endpoint.discard(first.eventId())).containsEntry("discarded", true);
        assertThat(this.endpoint.discard(first.eventId())).containsEntry("discarded", false);
        assertThat(this.store.statistics().pending()).isEqualTo(1);
    }

    private OutboxRecord insert(String aggregateId, Instant createdAt) {
        String eventId = UUID.randomUUID().toString();
        this.store.insert(new OutboxRecord(null, eventId, "ITEM_SOLD", "item", aggregateId, "marketplace.item", 0,
                "{}".getBytes(), "application/json", Map.of("ce_source", "/test"), createdAt, 0));
        return this.store.fetchDue(null, NOW.plusSeconds(3600), com.karrot.kafka.outbox.OrderingMode.NONE, 100, List.of())
            .stream()
            .filter(record -> record.eventId().equals(eventId))
            .findFirst()
            .orElseThrow();
    }
}
