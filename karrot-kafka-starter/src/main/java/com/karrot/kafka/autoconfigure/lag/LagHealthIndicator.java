package com.karrot.kafka.autoconfigure.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.karrot.kafka.lag.GroupLag;
import com.karrot.kafka.lag.LagReport;
import com.karrot.kafka.lag.LagStatus;
import com.karrot.kafka.lag.MonitoringException;
import com.karrot.kafka.lag.PartitionLag;
import com.karrot.kafka.lag.TopicLag;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the watched consumer groups: the configured down status when one is over the lag or time lag limit or
 * its status is ERR (a partition stopped, stalled or rewound), with the offending partitions in the details; UP
 * otherwise. A watched group the cluster does not have yet is reported as missing without changing the status;
 * other groups never change it. UNKNOWN when lag cannot be read.
 */
final class LagHealthIndicator implements HealthIndicator {

    private final Supplier<LagReport> reports;

    private final List<String> groups;

    private final @Nullable Long maxLag;

    private final @Nullable Duration maxTimeLag;

    private final Status downStatus;

    LagHealthIndicator(Supplier<LagReport> reports, LagProperties.Health properties) {
        this.reports = reports;
        this.groups = List.copyOf(properties.getGroups());
        this.maxLag = properties.getMaxLag();
        this.maxTimeLag = properties.getMaxTimeLag();
        this.downStatus = new Status(properties.getDownStatus());
    }

    @Override
    public Health health() {
        LagReport report;
        try {
            report = this.reports.get();
        }
        catch (MonitoringException ex) {
            return Health.unknown().withDetail("error", String.valueOf(ex.getMessage())).build();
        }
        boolean down = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (String groupId : this.groups) {
            Optional<GroupLag> group = report.group(groupId);
            if (group.isEmpty()) {
                details.put(groupId, Map.of("missing", true));
                continue;
            }
            Map<String, Object> groupDetails = details(group.get());
            down |= groupDetails.containsKey("reasons");
            details.put(groupId, groupDetails);
        }
        return Health.status(down ? this.downStatus : Status.UP).withDetails(details).build();
    }

    /** A group's figures and, when it is unhealthy, why and on which partitions. */
    private Map<String, Object> details(GroupLag group) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lag", group.totalLag());
        details.put("status", group.status() == null ? null : group.status().status());
        boolean overLag = this.maxLag != null && group.totalLag() != null && group.totalLag() > this.maxLag;
        double maxTimeLagSeconds = this.maxTimeLag == null ? Double.POSITIVE_INFINITY : this.maxTimeLag.toMillis() / 1000.0;
        Set<String> reasons = new LinkedHashSet<>();
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (TopicLag topic : group.topics()) {
            for (PartitionLag partition : topic.partitions()) {
                List<String> wrong = new ArrayList<>();
                if (overLag && partition.lag() != null && partition.lag() > 0) {
                    wrong.add("lag over max-lag " + this.maxLag + " (group)");
                }
                if (partition.timeLagSeconds() != null && partition.timeLagSeconds() > maxTimeLagSeconds) {
                    wrong.add("time lag over max-time-lag " + this.maxTimeLag);
                }
                if (partition.status() != null && partition.status().forGroup() == LagStatus.ERR) {
                    wrong.add("status " + partition.status());
                }
                if (!wrong.isEmpty()) {
                    reasons.addAll(wrong);
                    Map<String, Object> offending = new LinkedHashMap<>();
                    offending.put("topic", topic.topic());
                    offending.put("partition", partition.partition());
                    offending.put("lag", partition.lag());
                    offending.put("timeLagSeconds", partition.timeLagSeconds());
                    offending.put("status", partition.status());
                    partitions.add(offending);
                }
            }
        }
        if (!reasons.isEmpty()) {
            details.put("reasons", List.copyOf(reasons));
            details.put("partitions", partitions);
        }
        return details;
    }
}
