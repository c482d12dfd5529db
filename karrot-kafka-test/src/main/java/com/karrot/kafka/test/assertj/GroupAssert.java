package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a consumer group's lag: the committed offsets of its partitions against their end offsets. Create
 * it with {@link KarrotKafkaAssertions#assertThatGroup(String)}.
 */
public final class GroupAssert extends AbstractAssert<GroupAssert, String> {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;

    GroupAssert(String groupId, String bootstrapServers) {
        super(groupId, GroupAssert.class);
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Waits until the group has committed an offset on at least one partition and its committed offsets reach the
     * end offsets of every partition it has committed on (lag 0).
     * @param bound the longest wait
     * @return this assertion
     */
    public GroupAssert catchesUpWithin(Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
            Map<TopicPartition, Long> lag = lag(admin);
            while ((lag.isEmpty() || total(lag) > 0) && Instant.now().isBefore(deadline)) {
                Pause.pause(POLL, "the group to catch up");
                lag = lag(admin);
            }
            if (lag.isEmpty()) {
                throw failure("Expecting consumer group \"%s\" to catch up within %s, but it committed no offset", this.actual,
                        bound);
            }
            if (total(lag) > 0) {
                throw failure("Expecting consumer group \"%s\" to catch up within %s, but it was %d record(s) behind: %s",
                        this.actual, bound, total(lag), lag.entrySet()
                            .stream()
                            .filter(entry -> entry.getValue() > 0)
                            .map(entry -> entry.getKey() + " " + entry.getValue())
                            .collect(Collectors.joining(", ")));
            }
        }
        return this;
    }

    private Map<TopicPartition, Long> lag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.actual)
                .partitionsToOffsetAndMetadata()
                .get();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, Long> lag = new LinkedHashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    lag.put(partition, Math.max(0, ends.get(partition).offset() - offset.offset()));
                }
            });
            return lag;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the lag of " + this.actual, ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("cannot read the lag of " + this.actual + ": " + ex.getCause(), ex);
        }
    }

    private static long total(Map<TopicPartition, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }
}
