package com.karrot.kafka.autoconfigure.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.outbox.OutboxRecord;
import com.karrot.kafka.outbox.OutboxRelayObserver;
import com.karrot.kafka.outbox.OutboxStatistics;
import com.karrot.kafka.outbox.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of the outbox: counters and the publish-to-acknowledgement latency fed by the relay, and
 * gauges of what waits in the table, read from the store at most once per {@link #STATISTICS_MAX_AGE}. A gauge
 * whose query fails reports NaN rather than a stale or made-up figure.
 */
final class OutboxMeters implements OutboxRelayObserver, MeterBinder {

    static final Duration STATISTICS_MAX_AGE = Duration.ofSeconds(2);

    private static final Log logger = LogFactory.getLog(OutboxMeters.class);

    private final OutboxStore store;

    private @Nullable MeterRegistry registry;

    private @Nullable Timer latency;

    private @Nullable Counter outages;

    private @Nullable OutboxStatistics statistics;

    private long statisticsReadAt;

    OutboxMeters(OutboxStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("karrot.kafka.outbox.latency")
            .description("Time from publish (in the business transaction) to the broker's acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
        this.outages = Counter.builder("karrot.kafka.outbox.outages")
            .description("Batches the relay held back because the cluster did not answer")
            .register(registry);
        Gauge.builder("karrot.kafka.outbox.pending", this, m -> m.read(s -> s.pending()))
            .description("Events in the outbox not yet acknowledged by Kafka, failed ones included")
            .register(registry);
        Gauge.builder("karrot.kafka.outbox.failed", this, m -> m.read(s -> s.failed()))
            .description("Events that failed for good and wait for an operator")
            .register(registry);
        Gauge.builder("karrot.kafka.outbox.oldest.age", this, m -> m.read(s -> s.oldestCreatedAt() == null ? 0.0
                : Math.max(0, Duration.between(s.oldestCreatedAt(), Instant.now()).toMillis() / 1000.0)))
            .description("Age of the oldest pending event")
            .baseUnit("seconds")
            .register(registry);
    }

    @Override
    public void sent(List<OutboxRecord> sent, Instant ackedAt) {
        MeterRegistry registry = this.registry;
        Timer latency = this.latency;
        if (registry == null || latency == null) {
            return;
        }
        Map<String, Long> perTopic = new HashMap<>();
        for (OutboxRecord record : sent) {
            latency.record(Math.max(0, ackedAt.toEpochMilli() - record.createdAt().toEpochMilli()), TimeUnit.MILLISECONDS);
            perTopic.merge(record.topic(), 1L, Long::sum);
        }
        perTopic.forEach((topic, count) -> Counter.builder("karrot.kafka.outbox.published")
            .description("Events acknowledged by Kafka and removed from the outbox")
            .tag("topic", topic)
            .register(registry)
            .increment(count));
    }

    @Override
    public void failed(OutboxRecord record, Throwable error, boolean failedForGood) {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
        Counter.builder("karrot.kafka.outbox.send.errors")
            .description("Failed sends of events; result=failed when the event is now FAILED")
            .tag("topic", record.topic())
            .tag("result", failedForGood ? "failed" : "retrying")
            .register(registry)
            .increment();
    }

    @Override
    public void outage(Throwable error) {
        Counter outages = this.outages;
        if (outages != null) {
            outages.increment();
        }
    }

    private synchronized double read(java.util.function.ToDoubleFunction<OutboxStatistics> figure) {
        long now = System.nanoTime();
        OutboxStatistics statistics = this.statistics;
        if (statistics == null || now - this.statisticsReadAt > STATISTICS_MAX_AGE.toNanos()) {
            try {
                statistics = this.store.statistics();
                this.statistics = statistics;
                this.statisticsReadAt = now;
            }
            catch (RuntimeException ex) {
                logger.debug("Could not read the outbox statistics", ex);
                this.statistics = null;
                return Double.NaN;
            }
        }
        return figure.applyAsDouble(statistics);
    }
}
