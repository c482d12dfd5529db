package com.karrot.kafka.listener.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import com.karrot.kafka.internal.DurableProducerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Sends dead letters back to their original topics and records each acknowledged one in the replay log, in
 * batches: a batch is sent, its acknowledgements awaited, then its log entries written and awaited. A dead letter
 * whose send was acknowledged but whose log entry was not written (a crash, a timeout) is sent again by a later
 * replay: replays are at least once, and idempotent listeners skip the second copy by its {@code ce_id}.
 */
final class ReplaySender implements AutoCloseable {

    private static final int BATCH_SIZE = 500;

    /** Sends in flight when the deadline comes are still awaited this long, so that they are recorded when acknowledged. */
    private static final Duration ACKNOWLEDGEMENT_GRACE = Duration.ofSeconds(5);

    private final KafkaProducer<byte[], byte[]> producer;

    private final ReplayLog log;

    private final String replayId;

    private final TopicReader deadline;

    private final Clock clock;

    private final List<InFlight> batch = new ArrayList<>();

    private long replayed;

    private @Nullable String error;

    ReplaySender(Map<String, Object> applicationConfig, ReplayLog log, String replayId, TopicReader deadline, Clock clock) {
        this.producer = new KafkaProducer<>(config(applicationConfig, deadline.remaining()), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.log = log;
        this.replayId = replayId;
        this.deadline = deadline;
        this.clock = clock;
    }

    private static Map<String, Object> config(Map<String, Object> applicationConfig, Duration timeout) {
        Map<String, Object> config = DurableProducerConfig.of(applicationConfig, "-dlq-replay");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1, timeout.toMillis()));
        return config;
    }

    /** The record a dead letter is replayed as. */
    static ProducerRecord<byte[], byte[]> replayOf(DeadLetter deadLetter, String originalTopic, String replayId) {
        List<Header> headers = new ArrayList<>();
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith(DeadLetter.DEAD_LETTER_HEADER_PREFIX)
                    && !header.key().startsWith(DeadLetterQueue.REPLAY_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader(DeadLetterQueue.REPLAY_ID_HEADER, replayId.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(DeadLetterQueue.REPLAY_SOURCE_HEADER, deadLetter.id().getBytes(StandardCharsets.UTF_8)));
        String group = deadLetter.originalGroup();
        if (group != null) {
            headers.add(new RecordHeader(DeadLetterQueue.REPLAY_GROUP_HEADER, group.getBytes(StandardCharsets.UTF_8)));
        }
        // the timestamp is the replay's: the original one could be older than the topic's retention
        return new ProducerRecord<>(originalTopic, deadLetter.originalPartition(), null, deadLetter.key(),
                deadLetter.value(), headers);
    }

    /**
     * Sends a dead letter; every {@value #BATCH_SIZE} sends, settles the batch.
     * @return {@code false} once a send or a log entry failed, then nothing more should be sent
     */
    boolean send(DeadLetter deadLetter, String originalTopic) {
        try {
            this.batch.add(new InFlight(deadLetter, this.producer.send(replayOf(deadLetter, originalTopic, this.replayId))));
        }
        catch (KafkaException ex) {
            fail("the replay of " + deadLetter.id() + " failed: " + ex);
            settle();
            return false;
        }
        return this.batch.size() < BATCH_SIZE || settle();
    }

    /**
     * Waits for the acknowledgements of the batch, then writes and awaits the log entries of the acknowledged ones.
     * @return whether every send and entry was acknowledged
     */
    boolean settle() {
        long until = System.nanoTime() + Math.max(this.deadline.remaining().toNanos(), ACKNOWLEDGEMENT_GRACE.toNanos());
        List<Future<RecordMetadata>> entries = new ArrayList<>();
        for (InFlight sent : this.batch) {
            RecordMetadata metadata = await(sent.future(), until, "the replay of " + sent.deadLetter().id());
            if (metadata != null) {
                this.replayed++;
                this.log.entries(sent.deadLetter(), this.replayId, metadata, this.clock.instant())
                    .forEach(entry -> entries.add(this.producer.send(entry)));
            }
        }
        this.batch.clear();
        for (Future<RecordMetadata> entry : entries) {
            await(entry, until, "a replay log entry (a new replay sends its dead letter again)");
        }
        return this.error == null;
    }

    private @Nullable RecordMetadata await(Future<RecordMetadata> future, long until, String what) {
        try {
            return future.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            fail(what + " failed: " + ex.getCause());
        }
        catch (TimeoutException ex) {
            fail(what + " was not acknowledged in time");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            fail(what + " was interrupted");
        }
        return null;
    }

    private void fail(String message) {
        if (this.error == null) {
            this.error = message;
        }
    }

    /** Dead letters whose replay the original topic acknowledged. */
    long replayed() {
        return this.replayed;
    }

    /** The first failure, or {@code null}. */
    @Nullable String error() {
        return this.error;
    }

    @Override
    public void close() {
        this.producer.close(Duration.ofSeconds(5));
    }

    private record InFlight(DeadLetter deadLetter, Future<RecordMetadata> future) {
    }
}
