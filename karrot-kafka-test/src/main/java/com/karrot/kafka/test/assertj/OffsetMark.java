package com.karrot.kafka.test.assertj;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Where topic assertions start reading: the end offset of every partition of a broker's topics at one moment. A
 * record written after the mark is read whatever its timestamp (the output of a Kafka Streams topology keeps its
 * input's, a producer may set any); a topic or partition created after the mark is read from its first record. Take
 * one with {@link KarrotKafkaAssertions#mark()} and read from it with {@link TopicAssert#since(OffsetMark)}.
 * Immutable.
 */
public final class OffsetMark {

    private static final OffsetMark BEGINNING = new OffsetMark(new EndOffsets.Ends(Map.of(), Set.of()), Instant.EPOCH);

    private final Map<TopicPartition, Long> ends;

    private final Set<String> unanswered;

    private final Instant at;

    private OffsetMark(EndOffsets.Ends ends, Instant at) {
        this.ends = Map.copyOf(ends.offsets());
        this.unanswered = Set.copyOf(ends.unanswered());
        this.at = at;
    }

    /**
     * Takes the end offsets of every partition of a broker's topics, or of the given topics only.
     * @throws IllegalStateException if the broker does not answer
     */
    static OffsetMark take(String bootstrapServers, @Nullable Collection<String> topics) {
        Instant at = Instant.now();
        return new OffsetMark(EndOffsets.of(bootstrapServers).take(topics), at);
    }

    /** Before the first record of every topic. */
    static OffsetMark beginning() {
        return BEGINNING;
    }

    /**
     * The offset a partition is read from: its end offset at the mark, 0 for a partition created after it (or one
     * that did not tell its end offset in time: just created, still loading).
     * @param partition the partition
     * @return the offset
     */
    public long startOf(TopicPartition partition) {
        return this.ends.getOrDefault(partition, 0L);
    }

    /**
     * When the mark was taken.
     * @return the moment the end offsets were asked for
     */
    public Instant at() {
        return this.at;
    }

    /** "after the end offsets of 12:00:01.123Z {0=3, 1=0, 2=5}", of one topic, for messages. */
    String describe(String topic) {
        if (this == BEGINNING) {
            return "from the beginning";
        }
        Map<Integer, Long> partitions = new TreeMap<>();
        this.ends.forEach((partition, end) -> {
            if (partition.topic().equals(topic)) {
                partitions.put(partition.partition(), end);
            }
        });
        String late = this.unanswered.contains(topic)
                ? "; partitions that did not tell their end offset then are read from their first record" : "";
        return (partitions.isEmpty() && late.isEmpty() ? "from the beginning (the topic did not exist at " + this.at + ")"
                : "after the end offsets of " + this.at + " " + partitions) + late;
    }
}
