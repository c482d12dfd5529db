package com.karrot.kafka.autoconfigure.lag;

import java.time.Instant;
import java.util.List;

import com.karrot.kafka.lag.EndOffset;
import com.karrot.kafka.lag.GroupLag;
import com.karrot.kafka.lag.GroupStatus;
import com.karrot.kafka.lag.LagReport;
import com.karrot.kafka.lag.LagStatus;
import com.karrot.kafka.lag.PartitionLag;
import com.karrot.kafka.lag.TopicLag;
import org.apache.kafka.common.GroupState;
import org.jspecify.annotations.Nullable;

/** Lag reports built by hand, for the parts that read them. */
final class LagReports {

    private LagReports() {
    }

    static LagReport report(GroupLag... groups) {
        return new LagReport(Instant.parse("2026-12-01T00:00:00Z"), EndOffset.HIGH_WATERMARK, List.of(groups));
    }

    /** A group on one topic, its lag and time lag those of its partitions. */
    static GroupLag group(String groupId, String topic, @Nullable GroupStatus status, PartitionLag... partitions) {
        List<PartitionLag> list = List.of(partitions);
        Long lag = list.stream().allMatch(p -> p.lag() == null) ? null
                : list.stream().filter(p -> p.lag() != null).mapToLong(PartitionLag::lag).sum();
        Double timeLag = list.stream().anyMatch(p -> p.lag() != null && p.timeLagSeconds() == null) ? null
                : list.stream().filter(p -> p.timeLagSeconds() != null).mapToDouble(PartitionLag::timeLagSeconds)
                    .max().orElse(Double.NaN);
        return new GroupLag(groupId, GroupState.STABLE, "localhost:9092 (0)", 1, lag, status,
                List.of(new TopicLag(topic, lag, timeLag, list)), null);
    }

    static PartitionLag partition(int number, @Nullable Long lag, @Nullable Double timeLagSeconds,
            @Nullable LagStatus status) {
        return new PartitionLag(number, lag == null ? null : 100 - lag, 100L, lag, timeLagSeconds, status, null, null,
                null);
    }
}
