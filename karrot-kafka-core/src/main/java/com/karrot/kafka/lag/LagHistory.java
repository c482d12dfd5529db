package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.karrot.kafka.lag.GroupOffsetsReader.GroupRead;
import com.karrot.kafka.lag.GroupOffsetsReader.Snapshot;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The samples of earlier reads, kept in memory, and the report each new read makes with them: the commit window of
 * every group and partition, and the end-offset history of every partition. Groups, partitions and offsets that a
 * read no longer finds are forgotten. Not thread-safe.
 */
final class LagHistory {

    private final LagSettings settings;

    private final Map<String, Map<TopicPartition, CommitHistory>> commits = new HashMap<>();

    private final Map<TopicPartition, EndOffsetHistory> endOffsets = new HashMap<>();

    LagHistory(LagSettings settings) {
        this.settings = settings;
    }

    LagReport record(Snapshot snapshot, Instant now) {
        Set<TopicPartition> partitions = new HashSet<>();
        snapshot.groups().forEach(group -> partitions.addAll(group.partitions()));
        this.endOffsets.keySet().retainAll(partitions);
        snapshot.endOffsets().forEach((partition, end) -> this.endOffsets
            .computeIfAbsent(partition, key -> new EndOffsetHistory(this.settings.timeLagPoints(),
                    this.settings.samplingInterval()))
            .observe(end, now));
        this.commits.keySet()
            .retainAll(snapshot.groups().stream().map(GroupRead::groupId).collect(Collectors.toSet()));
        List<GroupLag> groups = snapshot.groups().stream()
            .map(group -> group(group, snapshot.endOffsets(), now))
            .toList();
        return new LagReport(now, this.settings.endOffset(), groups);
    }

    private GroupLag group(GroupRead read, Map<TopicPartition, Long> ends, Instant now) {
        Map<TopicPartition, CommitHistory> histories = this.commits.computeIfAbsent(read.groupId(),
                id -> new HashMap<>());
        Map<TopicPartition, Long> committed = read.committed();
        if (committed != null) {
            histories.keySet().retainAll(committed.keySet());
        }
        Map<TopicPartition, MemberDescription> owners = read.owners();
        Map<String, List<PartitionLag>> byTopic = new LinkedHashMap<>();
        for (TopicPartition partition : read.partitions()) {
            byTopic.computeIfAbsent(partition.topic(), topic -> new ArrayList<>())
                .add(partition(partition, committed == null ? null : committed.get(partition), ends.get(partition),
                        owners.get(partition), histories, now));
        }
        List<TopicLag> topics = byTopic.entrySet().stream()
            .map(topic -> TopicLag.of(topic.getKey(), topic.getValue()))
            .toList();
        ConsumerGroupDescription description = read.description();
        return new GroupLag(read.groupId(), description == null ? null : description.groupState(),
                description == null ? null : coordinator(description.coordinator()),
                description == null ? null : description.members().size(), GroupLag.total(topics),
                GroupStatus.of(topics), topics, read.error());
    }

    private PartitionLag partition(TopicPartition partition, @Nullable Long committed, @Nullable Long end,
            @Nullable MemberDescription owner, Map<TopicPartition, CommitHistory> histories, Instant now) {
        Long lag = committed != null && end != null ? end - committed : null;
        Double timeLag = null;
        LagStatus status = null;
        if (committed != null) {
            CommitHistory history = histories.computeIfAbsent(partition,
                    key -> new CommitHistory(this.settings.windowSize(), this.settings.samplingInterval()));
            history.observe(committed, now, lag);
            EndOffsetHistory endHistory = this.endOffsets.get(partition);
            if (lag != null && endHistory != null) {
                status = status(history, endHistory, Math.max(0, lag), now);
                timeLag = timeLag(lag, endHistory.written(committed), now);
            }
        }
        return new PartitionLag(partition.partition(), committed, end, lag, timeLag, status,
                owner == null ? null : owner.consumerId(), owner == null ? null : owner.clientId(),
                owner == null ? null : owner.host());
    }

    /** Burrow's status once the window can be judged by; within the allowed lag, OK at once. */
    private @Nullable LagStatus status(CommitHistory history, EndOffsetHistory endHistory, long lag, Instant now) {
        if (lag <= this.settings.allowedLag()) {
            return LagStatus.OK;
        }
        if (!history.judgeable(now)) {
            return null;
        }
        return PartitionLagEvaluator.evaluate(new PartitionWindow(history.commits(),
                endHistory.recent(this.settings.windowSize()), lag, now, this.settings.allowedLag()));
    }

    private static @Nullable Double timeLag(long lag, @Nullable Instant written, Instant now) {
        if (lag <= 0) {
            return 0.0;
        }
        return written == null ? null : Math.max(0, Duration.between(written, now).toMillis()) / 1000.0;
    }

    private static @Nullable String coordinator(@Nullable Node node) {
        return node == null ? null : node.host() + ":" + node.port() + " (" + node.idString() + ")";
    }
}
