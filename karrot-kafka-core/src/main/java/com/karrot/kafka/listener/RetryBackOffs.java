package com.karrot.kafka.listener;

import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Chooses the back-off of a failed record: the retry settings of the listener method of its event type, or
 * none when that method declares the failure non-retryable. The back-off tells the observer of each retry it
 * grants, which is where the {@code retried} count comes from.
 */
final class RetryBackOffs implements BiFunction<ConsumerRecord<?, ?>, Exception, BackOff> {

    private static final BackOff NO_RETRY = () -> () -> BackOffExecution.STOP;

    private final ListenerGroup group;

    private final EventListenerObserver observer;

    RetryBackOffs(ListenerGroup group, EventListenerObserver observer) {
        this.group = group;
        this.observer = observer;
    }

    @Override
    public BackOff apply(ConsumerRecord<?, ?> record, Exception failure) {
        String type = EventMetadata.eventType(record);
        ListenerMethod method = this.group.method(type);
        Throwable cause = EventMetadata.cause(failure);
        if (method == null || method.isNonRetryable(cause)) {
            return NO_RETRY;
        }
        BackOff backOff = method.attributes().retry().backOff();
        return () -> {
            BackOffExecution execution = backOff.start();
            return () -> {
                long wait = execution.nextBackOff();
                if (wait != BackOffExecution.STOP) {
                    this.observer.retrying(this.group.id(), type, cause);
                }
                return wait;
            };
        };
    }
}
