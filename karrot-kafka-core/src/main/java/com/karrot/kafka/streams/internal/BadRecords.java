package com.karrot.kafka.streams.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.karrot.kafka.internal.LogThrottle;
import com.karrot.kafka.streams.BadRecordPolicy;
import com.karrot.kafka.streams.StreamsDeadLetters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.DeadLetterRecordManager;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * What the three handlers share: the policy of their kind of failure, the dead-letter record (built by Spring
 * Kafka's {@link DeadLetterRecordManager}, so it carries the listeners' {@code kafka_dlt-*} headers, plus the
 * application id as the consumer group and the Streams error context) and the rate-limited log line.
 */
final class BadRecords {

    /** The configuration key of a handler's policy, followed by its kind. */
    static final String POLICY_PREFIX = "karrot.streams.bad-records.";

    /** The configuration key of the {@link StreamsDeadLetters} instance. */
    static final String DEAD_LETTERS = "karrot.streams.dead-letters";

    /** Header naming the processor a record failed in. */
    static final String PROCESSOR_NODE = "kafka_dlt-streams-processor-node";

    /** Header naming the task a record failed in. */
    static final String TASK = "kafka_dlt-streams-task";

    /** Header naming the kind of failure: deserialization, processing or production. */
    static final String KIND = "kafka_dlt-streams-failure";

    private static final Log logger = LogFactory.getLog(BadRecords.class);

    private static final byte[] NO_BYTES = new byte[0];

    private final String kind;

    private final DeadLetterRecordManager records = new DeadLetterRecordManager();

    private final LogThrottle warnings = new LogThrottle(logger, Duration.ofSeconds(10));

    private BadRecordPolicy policy = BadRecordPolicy.DEAD_LETTER;

    private String applicationId = "";

    private @Nullable StreamsDeadLetters deadLetters;

    BadRecords(String kind) {
        this.kind = kind;
    }

    void configure(Map<String, ?> configs) {
        Object policy = configs.get(POLICY_PREFIX + this.kind);
        if (policy instanceof BadRecordPolicy value) {
            this.policy = value;
        }
        else if (policy != null) {
            this.policy = BadRecordPolicy.valueOf(policy.toString().trim().toUpperCase().replace('-', '_'));
        }
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        this.applicationId = applicationId != null ? applicationId.toString() : "";
        Object deadLetters = configs.get(DEAD_LETTERS);
        if (deadLetters instanceof StreamsDeadLetters value) {
            this.deadLetters = value;
        }
        else if (this.policy == BadRecordPolicy.DEAD_LETTER) {
            this.deadLetters = new StreamsDeadLetters(this.applicationId.isEmpty() ? "streams" : this.applicationId,
                    null, ".dlq");
        }
    }

    /**
     * Answers a failure as the policy says.
     * @param <R> the handler's response type
     * @param key the key of the record the task was working on, as read from its source topic
     * @param value its value, as read
     * @param fail the response that stops the thread
     * @param resume the response that goes on
     * @param resumeWith the response that goes on after writing dead letters
     */
    <R> R handle(ErrorHandlerContext context, byte @Nullable [] key, byte @Nullable [] value, Exception exception,
            Supplier<R> fail, Supplier<R> resume, Function<List<ProducerRecord<byte[], byte[]>>, R> resumeWith) {
        return switch (this.policy) {
            case FAIL -> {
                logFailed(context, exception);
                yield fail.get();
            }
            case LOG_AND_CONTINUE -> {
                logSkipped(context, exception);
                yield resume.get();
            }
            case DEAD_LETTER -> {
                List<ProducerRecord<byte[], byte[]>> deadLetter = deadLetter(context, key, value, exception);
                logDeadLettered(context, deadLetter.get(0).topic(), exception);
                yield resumeWith.apply(deadLetter);
            }
        };
    }

    /**
     * The dead letter of the record a task was working on when it failed: its key, value and headers as read from
     * the source topic.
     */
    private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, byte @Nullable [] key,
            byte @Nullable [] value, Exception exception) {
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(String.valueOf(context.topic()),
                context.partition(), context.offset(), context.timestamp(), TimestampType.CREATE_TIME,
                length(key), length(value), key, value, new RecordHeaders(context.headers().toArray()),
                Optional.empty(), Optional.empty());
        String topic = deadLetters().topicFor(context.topic());
        ProducerRecord<byte[], byte[]> deadLetter = this.records.enrichHeadersAndCreateProducerRecord(source,
                exception, new TopicPartition(topic, -1));
        Headers headers = deadLetter.headers();
        if (!this.applicationId.isEmpty()) {
            headers.remove(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
            headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(this.applicationId));
        }
        headers.remove(PROCESSOR_NODE);
        headers.remove(TASK);
        headers.remove(KIND);
        if (context.processorNodeId() != null) {
            headers.add(PROCESSOR_NODE, bytes(context.processorNodeId()));
        }
        if (context.taskId() != null) {
            headers.add(TASK, bytes(context.taskId().toString()));
        }
        headers.add(KIND, bytes(this.kind));
        return List.of(deadLetter);
    }

    private void logDeadLettered(ErrorHandlerContext context, String deadLetterTopic, Exception exception) {
        this.warnings.warn(() -> "Dead-lettered " + where(context) + " to " + deadLetterTopic + ": " + what(context)
                + ", " + exception, null);
    }

    private void logSkipped(ErrorHandlerContext context, Exception exception) {
        this.warnings.warn(() -> "Skipped " + where(context) + " (karrot.kafka.streams.errors." + this.kind
                + "=log-and-continue): " + what(context) + ", " + exception, null);
    }

    private void logFailed(ErrorHandlerContext context, Exception exception) {
        logger.error("Stopping the stream thread on " + where(context) + " (karrot.kafka.streams.errors." + this.kind
                + "=fail): " + what(context), exception);
    }

    private StreamsDeadLetters deadLetters() {
        StreamsDeadLetters deadLetters = this.deadLetters;
        if (deadLetters == null) {
            throw new IllegalStateException("not configured");
        }
        return deadLetters;
    }

    private static String where(ErrorHandlerContext context) {
        return context.topic() != null ? context.topic() + "-" + context.partition() + "@" + context.offset()
                : "a punctuation";
    }

    private String what(ErrorHandlerContext context) {
        return this.kind + " failure in processor " + context.processorNodeId() + " (task " + context.taskId()
                + ") of application " + this.applicationId;
    }

    private static int length(byte @Nullable [] bytes) {
        return bytes != null ? bytes.length : ConsumerRecord.NULL_SIZE;
    }

    private static byte[] bytes(@Nullable String text) {
        return text != null ? text.getBytes(StandardCharsets.UTF_8) : NO_BYTES;
    }
}
