package com.karrot.kafka.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles one kind of event arriving on Kafka topics. The first parameter is the
 * event: the record value, JSON by default, converted to that type. The method is called for records whose
 * {@code ce_type} header is the event's type, which comes from {@link #eventTypes()} when set, otherwise from
 * the {@link com.karrot.kafka.event.EventType @EventType} annotation of the parameter type. Further parameters
 * are optional and may be an {@link EventMetadata} and the raw
 * {@code ConsumerRecord<String, byte[]>}, in any order. The method must return {@code void}.
 *
 * <pre>{@code
 * @KarrotEventListener(topics = "marketplace.item", groupId = "search")
 * void on(ItemSold event, EventMetadata metadata) { ... }
 * }</pre>
 *
 * <p>All methods, in one bean or several, that name the same topics and consumer group share one Spring Kafka
 * listener container: each partition is read by one thread, in order, and each record goes to the method of
 * its event type. A failing record is retried in place (later records of its partition wait), with
 * exponential back-off; when retries are exhausted, or at once when the failure cannot heal by retrying
 * (unreadable payload, failed validation, non-retryable exceptions), it goes to the dead-letter topic
 * {@code <topic>.dlq} and the partition moves on. String attributes accept {@code ${...}} placeholders; those
 * left empty take their value from the {@code karrot.kafka.listener.*} configuration.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KarrotEventListener {

    /**
     * The topics to read.
     * @return one or more topic names
     */
    String[] topics();

    /**
     * The consumer group; empty takes {@code spring.kafka.consumer.group-id}, then {@code spring.application.name}.
     * @return the group id, or empty
     */
    String groupId() default "";

    /**
     * The id of the listener container in Spring Kafka's {@code KafkaListenerEndpointRegistry}, also the
     * {@code listener} tag of the metrics; empty derives it from group and topics. Methods that share a
     * container must not set different ids.
     * @return the container id, or empty
     */
    String id() default "";

    /**
     * Consumer threads of the container, at most one per partition; empty takes the container factory's: with the
     * starter, {@code karrot.kafka.listener.concurrency}, else {@code spring.kafka.listener.concurrency}, else 1.
     * Methods that share a container must not set different values.
     * @return the number of threads, or empty
     */
    String concurrency() default "";

    /**
     * The {@code ce_type} values this method handles, for event types that carry no
     * {@link com.karrot.kafka.event.EventType @EventType} (such as {@link com.karrot.kafka.event.KarrotEvent}
     * records) or that several types share; when set, it replaces the type from the annotation.
     * @return the event types, or none to use {@code @EventType}
     */
    String[] eventTypes() default {};

    /**
     * The dead-letter topic of the container's records; empty uses the topic name followed by
     * {@code karrot.kafka.listener.dead-letter.topic-suffix} ({@code .dlq}).
     * @return the dead-letter topic, or empty
     */
    String deadLetterTopic() default "";

    /**
     * Attempts of a failing record, the first one included, before it goes to the dead-letter topic; empty
     * takes {@code karrot.kafka.listener.retry.max-attempts}.
     * @return the number of attempts, or empty
     */
    String maxAttempts() default "";

    /**
     * Wait before the first retry, such as {@code 500ms} or {@code PT1S}; empty takes
     * {@code karrot.kafka.listener.retry.initial-interval}.
     * @return the duration, or empty
     */
    String initialInterval() default "";

    /**
     * Growth of each wait over the previous one; empty takes {@code karrot.kafka.listener.retry.multiplier}.
     * @return the multiplier, or empty
     */
    String multiplier() default "";

    /**
     * Longest wait between two attempts, such as {@code 10s}; empty takes
     * {@code karrot.kafka.listener.retry.max-interval}.
     * @return the duration, or empty
     */
    String maxInterval() default "";

    /**
     * Exceptions of this method that go to the dead-letter topic without retry, on top of
     * {@code karrot.kafka.listener.retry.non-retryable-exceptions}; subclasses and causes match too.
     * @return exception types
     */
    Class<? extends Exception>[] nonRetryable() default {};

    /**
     * Whether this method handles each event once per consumer group, recording its {@code ce_id} in the inbox
     * table in the same database transaction as the method's own writes; {@link Idempotency#INHERIT} takes
     * {@code karrot.kafka.listener.inbox.enabled}. Records without a {@code ce_id} then go to the dead-letter topic.
     * @return the choice
     */
    Idempotency idempotent() default Idempotency.INHERIT;

    /**
     * How an idempotent method's records go through the inbox: each in a transaction of its own
     * ({@link InboxMode#PER_RECORD}) or a poll's records in one transaction with one insert ({@link InboxMode#BATCH});
     * {@link InboxMode#INHERIT} takes {@code karrot.kafka.listener.inbox.mode}. Methods that share a container must not
     * set different modes; {@code BATCH} fails start-up unless every method of the container is idempotent and retries
     * blocking.
     * @return the mode
     */
    InboxMode inboxMode() default InboxMode.INHERIT;

    /**
     * How a failing record is retried: in place, keeping the order of each key ({@link RetryMode#BLOCKING}, the
     * default), or through retry topics while its partition moves on ({@link RetryMode#NON_BLOCKING}), with the
     * same back-off and the same dead-letter topic. Methods that share a container must choose the same mode, and
     * non-blocking ones the same retry settings.
     * @return the mode
     */
    RetryMode retryMode() default RetryMode.BLOCKING;
}
