package com.karrot.kafka.lag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the topics, their partitions and their start and end offsets in four Admin calls, however many topics and
 * partitions there are: {@code listTopics}, {@code describeTopics} for all of them, then one {@code listOffsets}
 * for the start and one for the end offsets of every partition that has a leader.
 */
final class TopicsReader {

    /** What one read found. */
    record Snapshot(Map<String, TopicDescription> topics, Map<String, String> errors,
            Map<TopicPartition, Long> startOffsets, Map<TopicPartition, Long> endOffsets) {
    }

    private final Admin admin;

    private final TopicSettings settings;

    TopicsReader(Admin admin, TopicSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    Snapshot read() {
        AdminCalls calls = new AdminCalls(this.settings.timeout());
        List<String> names = calls
            .await("listTopics", this.admin.listTopics(calls.timed(new ListTopicsOptions())).names())
            .stream()
            .filter(this.settings::reads)
            .sorted()
            .toList();
        if (names.isEmpty()) {
            return new Snapshot(Map.of(), Map.of(), Map.of(), Map.of());
        }
        AdminCalls.Results<String, TopicDescription> described = calls.await("describeTopics", this.admin
            .describeTopics(TopicCollection.ofTopicNames(names), calls.timed(new DescribeTopicsOptions()))
            .topicNameValues());
        Map<String, String> errors = new TreeMap<>();
        described.errors().forEach((topic, error) -> errors.put(topic, error.toString()));
        List<TopicPartition> led = described.values().values().stream()
            .flatMap(topic -> topic.partitions().stream()
                .filter(partition -> partition.leader() != null)
                .map(partition -> new TopicPartition(topic.name(), partition.partition())))
            .toList();
        return new Snapshot(new TreeMap<>(described.values()), errors, offsets(calls, "listOffsets(earliest)", led,
                OffsetSpec.earliest()), offsets(calls, "listOffsets(latest)", led, OffsetSpec.latest()));
    }

    private Map<TopicPartition, Long> offsets(AdminCalls calls, String call, List<TopicPartition> partitions,
            OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(partition -> specs.put(partition, spec));
        ListOffsetsResult result = this.admin.listOffsets(specs, calls.timed(new ListOffsetsOptions()));
        Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures = new HashMap<>();
        partitions.forEach(partition -> futures.put(partition, result.partitionResult(partition)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        calls.await(call, futures).values().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
