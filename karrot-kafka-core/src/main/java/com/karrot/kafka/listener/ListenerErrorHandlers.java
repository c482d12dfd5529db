package com.karrot.kafka.listener;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.karrot.kafka.event.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonDelegatingErrorHandler;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * Builds the error handler of each container from Spring Kafka's parts: a {@link DefaultErrorHandler} that
 * retries in place with the back-off of the record's listener method, and then hands the record to a
 * {@link DeadLetterPublishingRecoverer} writing to the same partition of the dead-letter topic. When that
 * write fails, the recoverer throws, the handler does not skip the record, and the container delivers it
 * again: its offset is not committed before it is either handled or dead-lettered. Each failed attempt and each
 * dead letter is told to the {@link ListenerLog}.
 */
final class ListenerErrorHandlers {

    private final KafkaOperations<?, ?> deadLetterTemplate;

    private final List<Class<? extends Exception>> nonRetryable;

    private final UnknownEventTypePolicy unknownEventTypes;

    private final EventListenerObserver observer;

    private final ListenerLog log;

    ListenerErrorHandlers(KafkaOperations<?, ?> deadLetterTemplate, List<Class<? extends Exception>> nonRetryable,
            UnknownEventTypePolicy unknownEventTypes, EventListenerObserver observer, ListenerLog log) {
        this.deadLetterTemplate = deadLetterTemplate;
        this.nonRetryable = List.copyOf(nonRetryable);
        this.unknownEventTypes = unknownEventTypes;
        this.observer = observer;
        this.log = log;
    }

    CommonErrorHandler create(ListenerGroup group) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(this.deadLetterTemplate,
                (record, failure) -> new TopicPartition(group.deadLetterTopic(record.topic()), record.partition()));
        AtomicReference<DefaultErrorHandler> self = new AtomicReference<>();
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, failure) -> {
            publisher.accept(record, consumer, asRecordFailure(failure));
            Throwable cause = EventMetadata.cause(failure);
            this.observer.deadLettered(group.id(), EventMetadata.eventType(record), cause);
            this.log.deadLettered(group, record, group.deadLetterTopic(record.topic()), cause,
                    attempts(self.get(), record));
        };
        // the back-off function below gives every record its own back-off, so this one is never used
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, ListenerRetry.DEFAULTS.backOff());
        self.set(handler);
        handler.setBackOffFunction(new RetryBackOffs(group, this.observer));
        handler.setRetryListeners((record, failure, attempt) -> this.log.failedAttempt(group, record,
                EventMetadata.cause(failure), attempt));
        // ListenerLog tells of every failed attempt and dead letter, a storm of them throttled. Spring Kafka's own
        // "Seek to current after exception", which a batch container logs with a stack trace for every failed record
        // followed by others in its batch (a thousand ERRORs for a thousand poison pills), is the same news: DEBUG.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        // conversion failures are Spring Kafka ConversionExceptions, which it never retries already
        handler.addNotRetryableExceptions(EventValidationException.class, UnknownEventTypeException.class,
                InvalidEventException.class);
        this.nonRetryable.forEach(type -> handler.addNotRetryableExceptions(type));
        return this.unknownEventTypes == UnknownEventTypePolicy.FAIL ? stoppingOnUnknownEventTypes(handler) : handler;
    }

    /**
     * The deliveries of a record being recovered. The handler counts the failures of a record it retries, and while
     * it recovers one it answers the number of the next delivery; a record it does not retry has no count.
     */
    private static int attempts(DefaultErrorHandler handler, ConsumerRecord<?, ?> record) {
        return Math.max(1, handler.deliveryAttempt(
                new TopicPartitionOffset(record.topic(), record.partition(), record.offset())) - 1);
    }

    /**
     * The failure as the container of a record listener hands it over, so that a dead letter says the same in both
     * inbox modes: the {@link BatchListenerFailedException} that names the failing record of a batch is left out.
     */
    static Exception asRecordFailure(Exception failure) {
        if (failure instanceof ListenerExecutionFailedException wrapper
                && wrapper.getCause() instanceof BatchListenerFailedException batch
                && batch.getCause() instanceof Exception cause) {
            return new ListenerExecutionFailedException(String.valueOf(wrapper.getMessage()), wrapper.getGroupId(), cause);
        }
        return failure;
    }

    /** The handler, except that a record of an unknown event type stops the container without being committed. */
    static CommonErrorHandler stoppingOnUnknownEventTypes(CommonErrorHandler handler) {
        CommonDelegatingErrorHandler delegating = new CommonDelegatingErrorHandler(handler);
        delegating.setCauseChainTraversing(true);
        delegating.addDelegate(UnknownEventTypeException.class, new CommonContainerStoppingErrorHandler());
        return delegating;
    }
}
