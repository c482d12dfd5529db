package com.karrot.kafka.listener;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.internal.LogThrottle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.kafka.retrytopic.RetryTopicHeaders;

/**
 * What the listeners tell the log about records they could not handle: a WARN per dead letter (where the record was,
 * its event type and id, the listener and its group, the exception, the attempts; never the key or value) and a WARN
 * per record without {@code ce_type} skipped, each at most once per listener every {@link #INTERVAL} (those held
 * back go to DEBUG and are counted in the next WARN), so that a storm of poison pills cannot flood the log; a DEBUG
 * per failed attempt that will be retried, and per replayed record meant for another group. Thread-safe.
 */
final class ListenerLog {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Log logger = LogFactory.getLog(ListenerLog.class);

    private final Map<String, LogThrottle> deadLetters = new ConcurrentHashMap<>();

    private final Map<String, LogThrottle> untyped = new ConcurrentHashMap<>();

    void deadLettered(ListenerGroup group, ConsumerRecord<?, ?> record, String deadLetterTopic, Throwable cause,
            int attempts) {
        this.deadLetters.computeIfAbsent(group.id(), id -> new LogThrottle(logger, INTERVAL))
            .warn(() -> "Dead-lettered " + where(record) + " to " + deadLetterTopic + " after " + attempts
                    + (attempts == 1 ? " attempt: " : " attempts: ") + what(group, record) + ", " + cause, null);
    }

    void failedAttempt(ListenerGroup group, ConsumerRecord<?, ?> record, Throwable cause, int attempt) {
        if (logger.isDebugEnabled()) {
            logger.debug("Attempt " + attempt + " at " + where(record) + " failed, to be retried: " + what(group, record),
                    cause);
        }
    }

    void untyped(ListenerGroup group, ConsumerRecord<?, ?> record) {
        this.untyped.computeIfAbsent(group.id(), id -> new LogThrottle(logger, INTERVAL))
            .warn(() -> "Skipped " + where(record) + ", which has no " + CloudEventHeaders.TYPE + " header: "
                    + what(group, record), null);
    }

    void replayForOtherGroup(ListenerGroup group, ConsumerRecord<?, ?> record, String targetGroup) {
        if (logger.isDebugEnabled()) {
            logger.debug("Skipped " + where(record) + ", a replay for group " + targetGroup + ": " + what(group, record));
        }
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String what(ListenerGroup group, ConsumerRecord<?, ?> record) {
        return "event " + EventMetadata.eventType(record) + " id " + EventMetadata.header(record, CloudEventHeaders.ID)
                + ", listener " + group.id() + " (group " + group.groupId() + ")";
    }

    /** The attempts so far of a record of a retry topic, from Spring Kafka's header; 1 for a record of its own topic. */
    static int retryTopicAttempts(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
        if (header == null || header.value() == null) {
            return 1;
        }
        byte[] value = header.value();
        int attempts = value.length == Integer.BYTES ? ByteBuffer.wrap(value).getInt()
                : value.length == 1 ? Byte.toUnsignedInt(value[0]) : 1;
        return Math.max(1, attempts);
    }
}
