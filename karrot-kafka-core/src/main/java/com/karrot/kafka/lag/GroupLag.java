package com.karrot.kafka.lag;

import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.GroupState;
import org.jspecify.annotations.Nullable;

/**
 * Lag of one consumer group.
 *
 * @param groupId the group id
 * @param state the group's state ({@code STABLE}, {@code EMPTY}, ...), or {@code null} when it could not be described
 * @param coordinator the broker coordinating the group, {@code host:port (id)}, or {@code null} when not described
 * @param members how many members the group has, or {@code null} when not described
 * @param totalLag the sum of its topics' lag, or {@code null} when no partition has a lag figure
 * @param status the group's status, or {@code null} while it is not known (see {@link GroupStatus})
 * @param topics the topics it has offsets on or members assigned to, by name
 * @param error what failed when the group was described or its offsets read, or {@code null}
 */
public record GroupLag(String groupId, @Nullable GroupState state, @Nullable String coordinator,
        @Nullable Integer members, @Nullable Long totalLag, @Nullable GroupStatus status, List<TopicLag> topics,
        @Nullable String error) {

    /** Copies the list of topics. */
    public GroupLag {
        topics = List.copyOf(topics);
    }

    static @Nullable Long total(List<TopicLag> topics) {
        List<Long> lags = topics.stream().map(TopicLag::lag).filter(Objects::nonNull).toList();
        return lags.isEmpty() ? null : lags.stream().mapToLong(Long::longValue).sum();
    }
}
