package com.karrot.kafka.listener;

import java.util.List;

import com.karrot.kafka.event.InvalidEventException;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonDelegatingErrorHandler;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Builds the error handler of each container from Spring Kafka's parts: a {@link DefaultErrorHandler} that
 * retries in place with the back-off of the record's listener method, and then hands the record to a
 * {@link DeadLetterPublishingRecoverer} writing to the same partition of the dead-letter topic. When that
 * write fails, the recoverer throws, the handler does not skip the record, and the container delivers it
 * again: its offset is not committed before it is either handled or dead-lettered.
 */
final class ListenerErrorHandlers {

    private final KafkaOperations<?, ?> deadLetterTemplate;

    private final List<Class<? extends Exception>> nonRetryable;

    private final UnknownEventTypePolicy unknownEventTypes;

    private final EventListenerObserver observer;

    ListenerErrorHandlers(KafkaOperations<?, ?> deadLetterTemplate, List<Class<? extends Exception>> nonRetryable,
            UnknownEventTypePolicy unknownEventTypes, EventListenerObserver observer) {
        this.deadLetterTemplate = deadLetterTemplate;
        this.nonRetryable = List.copyOf(nonRetryable);
        this.unknownEventTypes = unknownEventTypes;
        this.observer = observer;
    }

    CommonErrorHandler create(ListenerGroup group) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(this.deadLetterTemplate,
                (record, failure) -> new TopicPartition(group.deadLetterTopic(record.topic()), record.partition()));
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, failure) -> {
            publisher.accept(record, consumer, failure);
            this.observer.deadLettered(group.id(), EventMetadata.eventType(record), EventMetadata.cause(failure));
        };
        // the back-off function below gives every record its own back-off, so this one is never used
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, ListenerRetry.DEFAULTS.backOff());
        handler.setBackOffFunction(new RetryBackOffs(group, this.observer));
        // conversion failures are Spring Kafka ConversionExceptions, which it never retries already
        handler.addNotRetryableExceptions(EventValidationException.class, UnknownEventTypeException.class,
                InvalidEventException.class);
        this.nonRetryable.forEach(type -> handler.addNotRetryableExceptions(type));
        return this.unknownEventTypes == UnknownEventTypePolicy.FAIL ? stoppingOnUnknownEventTypes(handler) : handler;
    }

    /** The handler, except that a record of an unknown event type stops the container without being committed. */
    static CommonErrorHandler stoppingOnUnknownEventTypes(CommonErrorHandler handler) {
        CommonDelegatingErrorHandler delegating = new CommonDelegatingErrorHandler(handler);
        delegating.setCauseChainTraversing(true);
        delegating.addDelegate(UnknownEventTypeException.class, new CommonContainerStoppingErrorHandler());
        return delegating;
    }
}
