package com.karrot.kafka.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reads the facts of topics: partitions, replication factor, under-replicated and offline partitions, start and end
 * offsets, and the rate at which messages come, measured from the end offsets of the last two refreshes. Each
 * {@link #refresh()} makes four Admin calls, however many topics and partitions there are; the caller schedules
 * it. What cannot be measured is {@code null} (see {@link TopicFacts} and {@link PartitionFacts}).
 *
 * <p>Thread-safe: refreshes run one at a time. The Admin client stays the caller's to close.
 */
public final class TopicMonitor {

    private final TopicsReader reader;

    private final Clock clock;

    private volatile @Nullable TopicReport lastReport;

    private Map<TopicPartition, Long> previousEnds = Map.of();

    private @Nullable Instant previousTime;

    /**
     * Creates a monitor on the system clock.
     * @param admin the Admin client to read with
     * @param settings which topics to read, within which timeout
     */
    public TopicMonitor(Admin admin, TopicSettings settings) {
        this(admin, settings, Clock.systemUTC());
    }

    /**
     * Creates a monitor.
     * @param admin the Admin client to read with
     * @param settings which topics to read, within which timeout
     * @param clock the clock refreshes are timed with, for rates
     */
    public TopicMonitor(Admin admin, TopicSettings settings, Clock clock) {
        Assert.notNull(admin, "admin must not be null");
        Assert.notNull(settings, "settings must not be null");
        Assert.notNull(clock, "clock must not be null");
        this.reader = new TopicsReader(admin, settings);
        this.clock = clock;
    }

    /**
     * Reads the topics now and reports.
     * @return the report, also kept as {@link #lastReport()}
     * @throws MonitoringException when the cluster does not answer within {@link TopicSettings#timeout()} or
     * refuses a call
     */
    public synchronized TopicReport refresh() {
        TopicsReader.Snapshot snapshot = this.reader.read();
        Instant now = this.clock.instant();
        List<TopicFacts> topics = snapshot.topics().values().stream()
            .map(topic -> facts(topic, snapshot, now))
            .toList();
        TopicReport report = new TopicReport(now, topics, snapshot.errors());
        this.previousEnds = snapshot.endOffsets();
        this.previousTime = now;
        this.lastReport = report;
        return report;
    }

    /**
     * The report of the last refresh that succeeded.
     * @return the report, or empty before the first
     */
    public Optional<TopicReport> lastReport() {
        return Optional.ofNullable(this.lastReport);
    }

    private TopicFacts facts(TopicDescription topic, TopicsReader.Snapshot snapshot, Instant now) {
        List<PartitionFacts> partitions = new ArrayList<>();
        for (TopicPartitionInfo info : topic.partitions().stream()
            .sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
            .toList()) {
            TopicPartition partition = new TopicPartition(topic.name(), info.partition());
            partitions.add(new PartitionFacts(info.partition(), info.leader() == null ? null : info.leader().id(),
                    info.replicas().size(), info.isr().size(), snapshot.startOffsets().get(partition),
                    snapshot.endOffsets().get(partition)));
        }
        return new TopicFacts(topic.name(), partitions.size(), partitions.isEmpty() ? 0 : partitions.get(0).replicas(),
                (int) partitions.stream().filter(PartitionFacts::underReplicated).count(),
                (int) partitions.stream().filter(partition -> partition.leader() == null).count(),
                rate(topic.name(), partitions, now), partitions);
    }

    /** Growth of the end offsets since the previous refresh, per second, or {@code null} when not measurable. */
    private @Nullable Double rate(String topic, List<PartitionFacts> partitions, Instant now) {
        if (this.previousTime == null || !now.isAfter(this.previousTime)) {
            return null;
        }
        long growth = 0;
        boolean measured = false;
        for (PartitionFacts partition : partitions) {
            Long before = this.previousEnds.get(new TopicPartition(topic, partition.partition()));
            Long after = partition.endOffset();
            if (before != null && after != null) {
                if (after < before) {
                    return null;
                }
                growth += after - before;
                measured = true;
            }
        }
        return measured ? growth * 1000.0 / Duration.between(this.previousTime, now).toMillis() : null;
    }
}
