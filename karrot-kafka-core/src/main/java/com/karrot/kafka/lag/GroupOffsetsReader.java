package com.karrot.kafka.lag;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.karrot.kafka.lag.AdminCalls.Results;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Reads the consumer groups, their committed offsets and the end offsets of their partitions in four Admin calls,
 * however many groups and partitions there are: {@code listGroups}, {@code describeConsumerGroups} and
 * {@code listConsumerGroupOffsets} for all groups at once, then one {@code listOffsets} for all their partitions.
 */
final class GroupOffsetsReader {

    /**
     * One group as read.
     * @param description its description, or {@code null} when it failed
     * @param committed its committed offsets, or {@code null} when they could not be read
     * @param error what failed, or {@code null}
     */
    record GroupRead(String groupId, @Nullable ConsumerGroupDescription description,
            @Nullable Map<TopicPartition, Long> committed, @Nullable String error) {

        /** The member each partition is assigned to. */
        Map<TopicPartition, MemberDescription> owners() {
            Map<TopicPartition, MemberDescription> owners = new HashMap<>();
            if (this.description != null) {
                for (MemberDescription member : this.description.members()) {
                    member.assignment().topicPartitions().forEach(partition -> owners.put(partition, member));
                }
            }
            return owners;
        }

        /** The partitions it has offsets on or members assigned to, by topic and number. */
        Set<TopicPartition> partitions() {
            Set<TopicPartition> partitions = new TreeSet<>(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            partitions.addAll(owners().keySet());
            if (this.committed != null) {
                partitions.addAll(this.committed.keySet());
            }
            return partitions;
        }
    }

    /** What one read found: the groups by id, and the end offsets that could be read. */
    record Snapshot(List<GroupRead> groups, Map<TopicPartition, Long> endOffsets) {
    }

    private final Admin admin;

    private final LagSettings settings;

    GroupOffsetsReader(Admin admin, LagSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    Snapshot read() {
        AdminCalls calls = new AdminCalls(this.settings.timeout());
        Collection<GroupListing> listings = calls.await("listGroups",
                this.admin.listGroups(calls.timed(ListGroupsOptions.forConsumerGroups())).all());
        List<String> groupIds = listings.stream()
            .map(GroupListing::groupId)
            .filter(this.settings::reads)
            .sorted()
            .toList();
        if (groupIds.isEmpty()) {
            return new Snapshot(List.of(), Map.of());
        }
        Results<String, ConsumerGroupDescription> described = calls.await("describeConsumerGroups",
                this.admin.describeConsumerGroups(groupIds, calls.timed(new DescribeConsumerGroupsOptions()))
                    .describedGroups());
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groupIds.forEach(groupId -> specs.put(groupId, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult offsets = this.admin.listConsumerGroupOffsets(specs,
                calls.timed(new ListConsumerGroupOffsetsOptions()));
        Map<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> offsetFutures = new HashMap<>();
        groupIds.forEach(groupId -> offsetFutures.put(groupId, offsets.partitionsToOffsetAndMetadata(groupId)));
        Results<String, Map<TopicPartition, OffsetAndMetadata>> committed = calls.await("listConsumerGroupOffsets",
                offsetFutures);
        List<GroupRead> groups = groupIds.stream()
            .map(groupId -> new GroupRead(groupId, described.values().get(groupId),
                    offsets(committed.values().get(groupId)), error(groupId, described, committed)))
            .toList();
        return new Snapshot(groups, endOffsets(calls, groups));
    }

    private Map<TopicPartition, Long> endOffsets(AdminCalls calls, List<GroupRead> groups) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        groups.forEach(group -> group.partitions().forEach(partition -> latest.put(partition, OffsetSpec.latest())));
        if (latest.isEmpty()) {
            return Map.of();
        }
        ListOffsetsResult result = this.admin.listOffsets(latest,
                calls.timed(new ListOffsetsOptions(this.settings.endOffset().isolationLevel())));
        Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures = new HashMap<>();
        latest.keySet().forEach(partition -> futures.put(partition, result.partitionResult(partition)));
        Map<TopicPartition, Long> endOffsets = new HashMap<>();
        calls.await("listOffsets", futures).values()
            .forEach((partition, info) -> endOffsets.put(partition, info.offset()));
        return endOffsets;
    }

    private static @Nullable Map<TopicPartition, Long> offsets(
            @Nullable Map<TopicPartition, OffsetAndMetadata> committed) {
        if (committed == null) {
            return null;
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        // the Admin client maps a partition without a committed offset to null
        committed.forEach((partition, offset) -> {
            if (offset != null && offset.offset() >= 0) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    private static @Nullable String error(String groupId, Results<String, ?> described, Results<String, ?> committed) {
        List<String> errors = Stream.of(described.errors().get(groupId), committed.errors().get(groupId))
            .filter(Objects::nonNull)
            .map(Throwable::toString)
            .toList();
        return errors.isEmpty() ? null : String.join("; ", errors);
    }
}
