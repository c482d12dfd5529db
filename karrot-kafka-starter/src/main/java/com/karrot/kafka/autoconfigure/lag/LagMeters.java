package com.karrot.kafka.autoconfigure.lag;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.karrot.kafka.lag.GroupLag;
import com.karrot.kafka.lag.LagReport;
import com.karrot.kafka.lag.PartitionLag;
import com.karrot.kafka.lag.TopicLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Lag gauges over the last lag report: {@code karrot.kafka.consumer.lag} (records, summed over a topic's partitions),
 * {@code karrot.kafka.consumer.lag.seconds} (the largest time lag of a topic's partitions), tagged {@code group} and
 * {@code topic} (and {@code partition} when per partition), and {@code karrot.kafka.consumer.status} per group
 * (0 OK, 1 WARN, 2 ERR). A figure the report does not have is NaN, never 0; the gauges of a group or topic that
 * leaves the report are removed.
 */
final class LagMeters implements MeterBinder, LagReportListener {

    static final String LAG = "karrot.kafka.consumer.lag";

    static final String TIME_LAG = "karrot.kafka.consumer.lag.seconds";

    static final String STATUS = "karrot.kafka.consumer.status";

    private final boolean perPartition;

    private final Map<Tags, Figure> figures = new HashMap<>();

    private @Nullable MeterRegistry registry;

    LagMeters(boolean perPartition) {
        this.perPartition = perPartition;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Sets the gauges to the figures of a new report. */
    @Override
    public synchronized void refreshed(LagReport report) {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
        Set<Tags> seen = new HashSet<>();
        for (GroupLag group : report.groups()) {
            Tags groupTags = Tags.of("group", group.groupId());
            set(registry, seen, STATUS, groupTags, group.status() == null ? null : group.status().status().ordinal());
            for (TopicLag topic : group.topics()) {
                Tags topicTags = groupTags.and("topic", topic.topic());
                if (this.perPartition) {
                    for (PartitionLag partition : topic.partitions()) {
                        Tags tags = topicTags.and("partition", Integer.toString(partition.partition()));
                        set(registry, seen, LAG, tags, partition.lag());
                        set(registry, seen, TIME_LAG, tags, partition.timeLagSeconds());
                    }
                }
                else {
                    set(registry, seen, LAG, topicTags, topic.lag());
                    set(registry, seen, TIME_LAG, topicTags, topic.timeLagSeconds());
                }
            }
        }
        for (Tags gone : List.copyOf(this.figures.keySet())) {
            if (!seen.contains(gone)) {
                registry.remove(this.figures.remove(gone).gauge);
            }
        }
    }

    private void set(MeterRegistry registry, Set<Tags> seen, String name, Tags tags, @Nullable Number value) {
        Tags key = tags.and("meter", name);
        seen.add(key);
        Figure figure = this.figures.computeIfAbsent(key, k -> new Figure(registry, name, tags));
        figure.value = value == null ? Double.NaN : value.doubleValue();
    }

    /** One gauge and the figure it shows. */
    private static final class Figure {

        private final Gauge gauge;

        private volatile double value = Double.NaN;

        Figure(MeterRegistry registry, String name, Tags tags) {
            this.gauge = Gauge.builder(name, this, figure -> figure.value)
                .description(description(name))
                .baseUnit(name.equals(TIME_LAG) ? "seconds" : name.equals(LAG) ? "records" : null)
                .tags(tags)
                .strongReference(true)
                .register(registry);
        }

        private static String description(String name) {
            return switch (name) {
                case LAG -> "Consumer lag: end offset minus committed offset, summed over the partitions";
                case TIME_LAG -> "Consumer time lag: how long ago the first message not yet committed was written";
                default -> "Consumer group status: 0 OK, 1 WARN, 2 ERR";
            };
        }
    }
}
