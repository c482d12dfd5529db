package com.karrot.kafka.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The approach the lag reader replaces, as the marketplace's Kafka platform service read lag: list the groups, then
 * for each group read its committed offsets, and for each of its partitions ask for the end offset, one call at a
 * time. Round trips grow with groups times partitions.
 */
final class PerPartitionLagReader {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    private final Predicate<String> groups;

    PerPartitionLagReader(Admin admin, Predicate<String> groups) {
        this.admin = admin;
        this.groups = groups;
    }

    /** The total lag of the groups, end offset minus committed offset added up over every partition. */
    long totalLag() throws Exception {
        List<String> groupIds = this.admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .stream()
            .map(GroupListing::groupId)
            .filter(this.groups)
            .toList();
        long total = 0;
        for (String groupId : groupIds) {
            Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : committed.entrySet()) {
                long end = this.admin.listOffsets(Map.of(offset.getKey(), OffsetSpec.latest()))
                    .partitionResult(offset.getKey())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .offset();
                total += end - offset.getValue().offset();
            }
        }
        return total;
    }
}
