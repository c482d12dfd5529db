package com.karrot.kafka.resilience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.EventMetadata;
import com.karrot.kafka.listener.Idempotency;
import com.karrot.kafka.listener.KarrotEventListener;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service of the listener scenarios (d) and (e): one idempotent {@code @KarrotEventListener} (the inbox on the
 * scenario's database) that records each event it handles in a table of its own, in the inbox's transaction, so that
 * an independent query counts what was handled, how often and in which order. Started in the test JVM with its
 * settings as command-line arguments: {@code --resilience.topic}, {@code --resilience.group},
 * {@code --resilience.handled-table} and, to make the handler fail, {@code --resilience.fail-every=100} (the events
 * whose {@code n} is a multiple of it) with {@code --resilience.fail=always} or {@code first-attempt}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ListenerService.PurchaseListener.class)
class ListenerService {

    /**
     * The event the producer writes: {@code seq} counts the events of its account, {@code n} all events sent. Its
     * topic is never published to; it keeps the route check of other services of this package content.
     */
    @EventType(value = "RES_PURCHASE", aggregateType = "res-account", topic = "res.purchases")
    record Purchase(@AggregateId String accountId, int seq, long n) {
    }

    /** What the failing handler throws. */
    static final class HandlerFailure extends RuntimeException {

        HandlerFailure(String message) {
            super(message);
        }
    }

    static class PurchaseListener {

        private final JdbcTemplate jdbc;

        private final String insert;

        private final int failEvery;

        private final boolean failAlways;

        /** Handler calls per event id, failed ones included. */
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

        PurchaseListener(JdbcTemplate jdbc, @Value("${resilience.handled-table}") String table,
                @Value("${resilience.fail-every:0}") int failEvery, @Value("${resilience.fail:always}") String fail) {
            this.jdbc = jdbc;
            this.insert = "INSERT INTO " + table + " (event_id, account_id, seq) VALUES (?, ?, ?)";
            this.failEvery = failEvery;
            this.failAlways = fail.equals("always");
        }

        @KarrotEventListener(topics = "${resilience.topic}", groupId = "${resilience.group}",
                idempotent = Idempotency.ON)
        void on(Purchase purchase, EventMetadata metadata) {
            int attempt = this.attempts.computeIfAbsent(metadata.id(), id -> new AtomicInteger()).incrementAndGet();
            if (this.failEvery > 0 && purchase.n() % this.failEvery == 0 && (this.failAlways || attempt == 1)) {
                throw new HandlerFailure("purchase " + purchase.n() + " refused, attempt " + attempt);
            }
            this.jdbc.update(this.insert, metadata.id(), purchase.accountId(), purchase.seq());
        }
    }
}
