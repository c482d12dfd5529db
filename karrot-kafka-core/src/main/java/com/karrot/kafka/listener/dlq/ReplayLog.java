package com.karrot.kafka.listener.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;

/**
 * The record of which dead letters were replayed: a compacted topic of one partition, keyed by
 * {@code <dead-letter topic>-<partition>@<offset>}, to which an entry is written once the replayed record was
 * acknowledged by its original topic; and, for a dead letter that says where it came from and which group failed it,
 * a second entry keyed by {@code origin:<topic>-<partition>@<offset>/<group>}, so that a record dead-lettered twice by
 * one group (redelivered before its offset was committed) is replayed once for that group. It is read whole before
 * every browse and replay.
 */
final class ReplayLog {

    private final String topic;

    private final Map<String, Object> adminConfig;

    ReplayLog(String topic, Map<String, Object> adminConfig) {
        this.topic = topic;
        this.adminConfig = Map.copyOf(adminConfig);
    }

    static String key(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    /**
     * The keys of every entry; {@code complete} is false when the deadline came before the end of the log.
     */
    Entries read(TopicReader reader) {
        Set<String> keys = new HashSet<>();
        boolean complete = reader.read(this.topic, reader.offsets(this.topic), record -> {
            if (record.key() != null) {
                keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
            return true;
        });
        return new Entries(keys, complete);
    }

    /** Creates the log topic unless it exists: compacted, one partition, the broker's default replication. */
    void create(Duration timeout) {
        Map<String, Object> config = new HashMap<>(this.adminConfig);
        int timeoutMs = Math.toIntExact(Math.max(1, timeout.toMillis()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(config)) {
            NewTopic log = new NewTopic(this.topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(log)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the replay log topic " + this.topic, ex.getCause());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the replay log topic " + this.topic, ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Could not create the replay log topic " + this.topic + " within " + timeout, ex);
        }
    }

    /**
     * The key recording that the record a dead letter came from was replayed to the group that failed it.
     * @return the key, {@code null} when the dead letter does not say where it came from or which group failed it
     */
    static @Nullable String originKey(DeadLetter deadLetter) {
        String topic = deadLetter.originalTopic();
        Integer partition = deadLetter.originalPartition();
        Long offset = deadLetter.originalOffset();
        String group = deadLetter.originalGroup();
        return topic != null && partition != null && offset != null && group != null
                ? "origin:" + key(topic, partition, offset) + "/" + group : null;
    }

    /** The entries recording that a dead letter was replayed, and where it went. */
    List<ProducerRecord<byte[], byte[]>> entries(DeadLetter deadLetter, String replayId, RecordMetadata sent, Instant now) {
        byte[] value = ("replay " + replayId + " to " + sent.topic() + "-" + sent.partition() + "@" + sent.offset() + " at "
                + now).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> entry = new ProducerRecord<>(this.topic,
                deadLetter.id().getBytes(StandardCharsets.UTF_8), value);
        String origin = originKey(deadLetter);
        return origin == null ? List.of(entry)
                : List.of(entry, new ProducerRecord<>(this.topic, origin.getBytes(StandardCharsets.UTF_8), value));
    }

    /** The keys read from the log, and whether the whole log was read. */
    record Entries(Set<String> keys, boolean complete) {

        boolean contains(String topic, int partition, long offset) {
            return this.keys.contains(key(topic, partition, offset));
        }

        boolean containsOrigin(String originKey) {
            return this.keys.contains(originKey);
        }

        /** How many dead letters of a topic that are still within its offsets the log records as replayed. */
        long replayed(String topic, List<DeadLetterQueue.PartitionOffsets> offsets) {
            Map<Integer, DeadLetterQueue.PartitionOffsets> byPartition = new HashMap<>();
            offsets.forEach(partition -> byPartition.put(partition.partition(), partition));
            String prefix = topic + "-";
            long replayed = 0;
            for (String key : this.keys) {
                int at = key.lastIndexOf('@');
                // topic names may contain '-' but never '@', and partition numbers never contain '-'
                if (at < 0 || key.lastIndexOf('-', at) != prefix.length() - 1 || !key.startsWith(prefix)) {
                    continue;
                }
                try {
                    DeadLetterQueue.PartitionOffsets partition = byPartition
                        .get(Integer.parseInt(key.substring(prefix.length(), at)));
                    long offset = Long.parseLong(key.substring(at + 1));
                    if (partition != null && offset >= partition.startOffset() && offset < partition.endOffset()) {
                        replayed++;
                    }
                }
                catch (NumberFormatException ex) {
                    // an entry some other tool wrote: not one of ours
                }
            }
            return replayed;
        }
    }
}
