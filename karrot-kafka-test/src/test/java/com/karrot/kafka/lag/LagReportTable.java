package com.karrot.kafka.lag;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** A lag report as a plain-text table, one line per partition, {@code -} for what is absent: for test output. */
final class LagReportTable {

    private static final String FORMAT = "%-24s %-7s %-7s %-18s %-4s %-9s %-4s %-4s %-8s %-6s %s%n";

    private LagReportTable() {
    }

    static String format(LagReport report) {
        StringBuilder table = new StringBuilder();
        table.append("time ").append(report.time()).append(", end offsets: ").append(report.endOffset()).append('\n');
        table.append(String.format(Locale.ROOT, FORMAT, "GROUP", "STATE", "MEMBERS", "TOPIC", "PART", "COMMITTED",
                "END", "LAG", "TIME-LAG", "STATUS", "GROUP-STATUS"));
        for (GroupLag group : report.groups()) {
            for (TopicLag topic : group.topics()) {
                for (PartitionLag partition : topic.partitions()) {
                    table.append(String.format(Locale.ROOT, FORMAT, group.groupId(), shown(group.state()),
                            shown(group.members()), topic.topic(), partition.partition(),
                            shown(partition.committedOffset()), shown(partition.endOffset()), shown(partition.lag()),
                            partition.timeLagSeconds() == null ? "-" : partition.timeLagSeconds() + " s",
                            shown(partition.status()), status(group.status())));
                }
            }
        }
        return table.toString();
    }

    private static String status(@Nullable GroupStatus status) {
        if (status == null) {
            return "-";
        }
        return status.topic() == null ? status.status().toString()
                : status.status() + " (" + status.topic() + "-" + status.partition() + " " + status.partitionStatus() + ")";
    }

    private static String shown(@Nullable Object value) {
        return value == null ? "-" : value.toString();
    }
}
