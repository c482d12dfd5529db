package com.karrot.kafka.autoconfigure.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.outbox.FailedOutboxEvent;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxStatistics;
import com.karrot.kafka.outbox.OutboxStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code kafkaoutbox} actuator endpoint: what waits in the outbox and which events failed (read), and retry or
 * discard of failed events (write). Write operations are off unless the service grants them with
 * {@code management.endpoint.kafkaoutbox.access=unrestricted}.
 * <p>
 * A failed event's last error (which can quote the event) and its aggregate id are shown as
 * {@code management.endpoint.kafkaoutbox.show-values} says, as Spring Boot's {@code env} endpoint does: over HTTP
 * ({@link OutboxEndpointWebExtension}) by default only to an authenticated caller in one of
 * {@code management.endpoint.kafkaoutbox.roles}; elsewhere (JMX, a direct call) unless it is {@code never}. Otherwise
 * each is {@code ******}.
 */
@Endpoint(id = "kafkaoutbox", defaultAccess = Access.READ_ONLY)
public class OutboxEndpoint {

    private static final int DEFAULT_PAGE_SIZE = 20;

    private static final int MAX_PAGE_SIZE = 500;

    /** What stands for a value the caller may not see, as in Spring Boot's sanitized endpoints. */
    static final String MASK = "******";

    private final OutboxStore store;

    private final @Nullable OutboxRelay relay;

    private final Clock clock;

    private final Show showValues;

    OutboxEndpoint(OutboxStore store, @Nullable OutboxRelay relay, Clock clock, Show showValues) {
        this.store = store;
        this.relay = relay;
        this.clock = clock;
        this.showValues = showValues;
    }

    /**
     * What waits in the outbox, with one page of the failed events.
     * @param page the page of failed events, from 0 (default 0)
     * @param size the page size (default 20, at most 500)
     * @return the outbox state
     */
    @ReadOperation
    public OutboxDescriptor outbox(@Nullable Integer page, @Nullable Integer size) {
        return outbox(page, size, this.showValues.isShown(true));
    }

    OutboxDescriptor outbox(@Nullable Integer page, @Nullable Integer size, boolean showValues) {
        int pageNumber = page != null ? Math.max(0, page) : 0;
        int pageSize = size != null ? Math.min(Math.max(1, size), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
        OutboxStatistics statistics = this.store.statistics();
        Double oldestAge = statistics.oldestCreatedAt() == null ? null
                : Math.max(0, Duration.between(statistics.oldestCreatedAt(), this.clock.instant()).toMillis() / 1000.0);
        return new OutboxDescriptor(statistics.pending(), statistics.failed(), oldestAge, pageNumber, pageSize,
                this.store.findFailed(pageNumber, pageSize).stream().map(event -> shown(event, showValues)).toList());
    }

    /**
     * One failing or failed event.
     * @param eventId the event id
     * @return its failure state, or {@code null} (404) when it is not failing
     */
    @ReadOperation
    public @Nullable FailedOutboxEvent event(@Selector String eventId) {
        return event(eventId, this.showValues.isShown(true));
    }

    @Nullable FailedOutboxEvent event(String eventId, boolean showValues) {
        return this.store.findFailure(eventId).map(event -> shown(event, showValues)).orElse(null);
    }

    private static FailedOutboxEvent shown(FailedOutboxEvent event, boolean showValues) {
        if (showValues) {
            return event;
        }
        return new FailedOutboxEvent(event.eventId(), event.eventType(), event.aggregateType(), MASK, event.topic(),
                event.status(), event.attempts(), MASK, event.lastFailedAt(), event.nextAttemptAt(), event.createdAt());
    }

    /**
     * Makes one failed event due now, with a fresh count of attempts.
     * @param eventId the event id
     * @return whether a failed event was found
     */
    @WriteOperation
    public Map<String, Object> retry(@Selector String eventId) {
        boolean retried = this.store.retry(eventId, this.clock.instant());
        wakeRelay();
        return Map.of("eventId", eventId, "retried", retried);
    }

    /**
     * Makes every failed event due now, with a fresh count of attempts.
     * @return how many events were made due
     */
    @WriteOperation
    public Map<String, Object> retryAll() {
        int retried = this.store.retryAllFailed(this.clock.instant());
        wakeRelay();
        return Map.of("retried", retried);
    }

    /**
     * Deletes a pending or failed event without sending it; later events of its aggregate may then go.
     * @param eventId the event id
     * @return whether the event was found
     */
    @DeleteOperation
    public Map<String, Object> discard(@Selector String eventId) {
        boolean discarded = this.store.discard(eventId);
        wakeRelay();
        return Map.of("eventId", eventId, "discarded", discarded);
    }

    private void wakeRelay() {
        if (this.relay != null) {
            this.relay.wakeUp();
        }
    }

    /**
     * What the endpoint reports.
     * @param pending events not yet acknowledged by Kafka, failed ones included
     * @param failed events that failed for good
     * @param oldestPendingAgeSeconds age of the oldest pending event, absent when none is pending
     * @param page the page of failed events shown
     * @param size the page size
     * @param failedEvents the failed events of that page, oldest first
     */
    public record OutboxDescriptor(long pending, long failed, @Nullable Double oldestPendingAgeSeconds, int page,
            int size, List<FailedOutboxEvent> failedEvents) {
    }
}
