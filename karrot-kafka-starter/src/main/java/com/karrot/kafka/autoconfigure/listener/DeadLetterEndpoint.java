package com.karrot.kafka.autoconfigure.listener;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.listener.dlq.DeadLetter;
import com.karrot.kafka.listener.dlq.DeadLetterFilter;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import com.karrot.kafka.listener.dlq.DeadLetterQueue.ReplayResult;
import com.karrot.kafka.listener.dlq.DeadLetterQueue.TopicSummary;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The {@code kafkadlq} actuator endpoint: the dead-letter topics of the application's listeners with their counts,
 * pages of dead letters filtered by event type, exception, time and consumer group (read), and their replay to the
 * topics they failed on, each for the group that dead-lettered it (write, a dry run unless {@code dryRun} is
 * {@code false}). Over HTTP, an unknown parameter or a value it cannot use is a 400 whose body names the parameter.
 * Write operations are off unless the service grants them with {@code management.endpoint.kafkadlq.access=unrestricted}.
 * <p>
 * Keys, values, exception messages and the headers that may carry event data are shown as
 * {@code management.endpoint.kafkadlq.show-values} says, as Spring Boot's {@code env} endpoint does: over HTTP
 * ({@link DeadLetterEndpointWebExtension}) by default only to an authenticated caller in one of
 * {@code management.endpoint.kafkadlq.roles}; elsewhere (JMX, a direct call) unless it is {@code never}, since
 * access there is authorised by the channel itself.
 * <p>
 * Where the service has a schema registry, a value in the Confluent wire format is also shown decoded
 * ({@link DecodedValue}): as Avro's JSON encoding of the writer's schema fetched by the id in the value, or with the
 * reason it could not be decoded. Values masked to the caller are not decoded.
 */
@Endpoint(id = "kafkadlq", defaultAccess = Access.READ_ONLY)
public class DeadLetterEndpoint {

    private static final int DEFAULT_PAGE_SIZE = 20;

    private static final int MAX_PAGE_SIZE = 200;

    private final DeadLetterQueue queue;

    private final Show showValues;

    private final DeadLetterValueDecoder decoder;

    DeadLetterEndpoint(DeadLetterQueue queue, Show showValues, DeadLetterValueDecoder decoder) {
        this.queue = queue;
        this.showValues = showValues;
        this.decoder = decoder;
    }

    /**
     * The dead-letter topics with their offsets, record counts and replayed counts.
     * @return the dead-letter topics
     */
    @ReadOperation
    public DeadLetterTopics topics() {
        return new DeadLetterTopics(this.queue.topics());
    }

    /**
     * One page of the dead letters of a topic, in partition and offset order.
     * @param topic the dead-letter topic
     * @param page the page, from 0 (default 0)
     * @param size the page size (default 20, at most 200)
     * @param eventType only this {@code ce_type}
     * @param exception only dead letters failed by this exception class, fully qualified or simple
     * @param from only records from this time on (ISO-8601, inclusive)
     * @param to only records before this time (ISO-8601, exclusive)
     * @param group only dead letters of this consumer group ({@code kafka_dlt-original-consumer-group})
     * @return the page, or {@code null} (404) when the topic is not a dead-letter topic of the application
     */
    @ReadOperation
    public @Nullable DeadLetterPage deadLetters(@Selector String topic, @Nullable Integer page, @Nullable Integer size,
            @Nullable String eventType, @Nullable String exception, @Nullable String from, @Nullable String to,
            @Nullable String group) {
        return deadLetters(topic, page, size, eventType, exception, from, to, group, this.showValues.isShown(true));
    }

    @Nullable DeadLetterPage deadLetters(String topic, @Nullable Integer page, @Nullable Integer size,
            @Nullable String eventType, @Nullable String exception, @Nullable String from, @Nullable String to,
            @Nullable String group, boolean showValues) {
        if (page != null && page < 0) {
            throw new InvalidParameterException("page", "page must not be negative, was " + page);
        }
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw new InvalidParameterException("size", "size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        int pageNumber = page != null ? page : 0;
        int pageSize = size != null ? size : DEFAULT_PAGE_SIZE;
        DeadLetterFilter filter = filter(eventType, exception, from, to, group);
        return this.queue.read(topic, filter, pageNumber, pageSize)
            .map(result -> {
                Map<String, DecodedValue> decoded = showValues ? this.decoder.decode(result.deadLetters()) : Map.of();
                return new DeadLetterPage(result.topic(), filter, result.page(), result.size(), result.matched(),
                        result.complete(), result.deadLetters().stream()
                            .map(letter -> DeadLetterDescriptor.of(letter, showValues, decoded.get(letter.id())))
                            .toList());
            })
            .orElse(null);
    }

    /**
     * Replays the dead letters of a topic that match the filters and were not replayed yet, or counts them.
     * @param topic the dead-letter topic
     * @param dryRun {@code false} to send; by default only counts
     * @param eventType only this {@code ce_type}
     * @param exception only dead letters failed by this exception class, fully qualified or simple
     * @param from only records from this time on (ISO-8601, inclusive)
     * @param to only records before this time (ISO-8601, exclusive)
     * @param group only dead letters of this consumer group ({@code kafka_dlt-original-consumer-group})
     * @return what was replayed, or would be
     */
    @WriteOperation
    public ReplayResult replay(@Selector String topic, @Nullable Boolean dryRun, @Nullable String eventType,
            @Nullable String exception, @Nullable String from, @Nullable String to, @Nullable String group) {
        DeadLetterFilter filter = filter(eventType, exception, from, to, group);
        return this.queue.replay(topic, filter, dryRun == null || dryRun)
            .orElseThrow(() -> new InvalidParameterException("topic", topic + " is not a dead-letter topic of this "
                    + "application's listeners"));
    }

    private static DeadLetterFilter filter(@Nullable String eventType, @Nullable String exception, @Nullable String from,
            @Nullable String to, @Nullable String group) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw new InvalidParameterException("to", "from (" + from + ") is after to (" + to + ")");
        }
        return new DeadLetterFilter(blankToNull(eventType), blankToNull(exception), start, end, blankToNull(group));
    }

    private static @Nullable Instant instant(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        }
        catch (DateTimeParseException ex) {
            throw new InvalidParameterException(name, name + " must be an ISO-8601 time with offset, such as "
                    + "2026-11-24T10:00:00Z, was " + value);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The dead-letter topics.
     * @param topics one summary per topic: its source topics, whether it exists, start and end offset per
     * partition, {@code records} (end minus start offsets, the number of dead letters since dead-letter topics are
     * neither compacted nor transactional) and {@code replayed} (those the replay log records as replayed)
     */
    public record DeadLetterTopics(List<TopicSummary> topics) {
    }

    /**
     * A page of dead letters.
     * @param topic the dead-letter topic
     * @param filter the filter applied
     * @param page the page
     * @param size the page size
     * @param matched dead letters of the topic that match the filter, on all pages
     * @param complete whether the topic was read to its end in time; when not, {@code matched} counts what was read
     * @param deadLetters the dead letters of the page
     */
    public record DeadLetterPage(String topic, DeadLetterFilter filter, int page, int size, long matched,
            boolean complete, List<DeadLetterDescriptor> deadLetters) {
    }

    /**
     * One dead letter as the endpoint shows it.
     * @param id {@code <topic>-<partition>@<offset>}
     * @param partition its partition in the dead-letter topic
     * @param offset its offset there
     * @param timestamp its record timestamp
     * @param replayed whether a replay sent it back already
     * @param eventType its {@code ce_type}
     * @param originalTopic the topic it failed on
     * @param exception the class of what failed it ({@code kafka_dlt-exception-cause-fqcn}, else
     * {@code kafka_dlt-exception-fqcn})
     * @param exceptionMessage the message of the exception, {@value RecordContent#MASK} where values are not shown
     * (a message can quote the event)
     * @param key the key
     * @param value the value
     * @param decodedValue the value decoded through the schema registry, or why it could not be; {@code null} when
     * the value is not in the Confluent wire format, the service has no registry or the value is masked
     * @param headers every header in order, the {@code kafka_dlt-*} ones included
     */
    public record DeadLetterDescriptor(String id, int partition, long offset, Instant timestamp, boolean replayed,
            @Nullable String eventType, @Nullable String originalTopic, @Nullable String exception,
            @Nullable String exceptionMessage, @Nullable RecordContent key, @Nullable RecordContent value,
            @Nullable DecodedValue decodedValue, List<HeaderDescriptor> headers) {

        static DeadLetterDescriptor of(DeadLetter deadLetter, boolean showValues, @Nullable DecodedValue decodedValue) {
            String cause = deadLetter.header(DeadLetter.EXCEPTION_CAUSE_HEADER);
            String message = deadLetter.header(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
            return new DeadLetterDescriptor(deadLetter.id(), deadLetter.partition(), deadLetter.offset(),
                    deadLetter.timestamp(), deadLetter.replayed(), deadLetter.eventType(), deadLetter.originalTopic(),
                    cause != null ? cause : deadLetter.header(DeadLetter.EXCEPTION_HEADER),
                    message == null || showValues ? message : RecordContent.MASK,
                    RecordContent.of(deadLetter.key(), showValues), RecordContent.of(deadLetter.value(), showValues),
                    decodedValue, deadLetter.headers().stream()
                        .map(header -> new HeaderDescriptor(header.key(),
                                RecordContent.ofHeader(header.key(), header.value(), showValues)))
                        .toList());
        }
    }

    /**
     * A value in the Confluent wire format, decoded with the writer's schema the registry has under its id.
     * @param schemaId the schema id in the value
     * @param subject the subject that holds the schema under the topic the record failed on (after the service's
     * {@code karrot.kafka.schema.subject-name-strategy}), {@code null} when not found there
     * @param version the schema's version under that subject, {@code null} when not found
     * @param json the value in Avro's JSON encoding of the writer's schema, cut after
     * {@value RecordContent#MAX_SHOWN} characters; {@code null} when it could not be decoded
     * @param truncated whether {@code json} was cut
     * @param decodeError why the value could not be decoded (unknown schema id, registry not reachable, bytes that
     * do not fit the schema); {@code null} when it was
     */
    public record DecodedValue(int schemaId, @Nullable String subject, @Nullable Integer version, @Nullable String json,
            boolean truncated, @Nullable String decodeError) {

        static DecodedValue failed(int schemaId, String decodeError) {
            return new DecodedValue(schemaId, null, null, null, false, decodeError);
        }
    }

    /**
     * A header.
     * @param name its name
     * @param value its value, {@code null} when it has none
     */
    public record HeaderDescriptor(String name, @Nullable RecordContent value) {
    }
}
