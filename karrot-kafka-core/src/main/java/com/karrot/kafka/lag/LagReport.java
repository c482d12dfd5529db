package com.karrot.kafka.lag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link ConsumerLagReader#refresh()} read: every group read, by id.
 *
 * @param time when the offsets were read
 * @param endOffset which end offset the lag figures are measured against
 * @param groups the groups, by id
 */
public record LagReport(Instant time, EndOffset endOffset, List<GroupLag> groups) {

    /** Copies the list of groups. */
    public LagReport {
        groups = List.copyOf(groups);
    }

    /**
     * One group of the report.
     * @param groupId the group id
     * @return the group, or empty when the cluster has no such group or the settings leave it out
     */
    public Optional<GroupLag> group(String groupId) {
        return this.groups.stream().filter(group -> group.groupId().equals(groupId)).findFirst();
    }
}
