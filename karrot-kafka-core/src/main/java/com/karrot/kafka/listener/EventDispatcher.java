package com.karrot.kafka.listener;

import java.time.Duration;
import java.util.stream.Collectors;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import com.karrot.kafka.serde.EventDeserializers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.MessageListener;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

/**
 * The message listener of one container: reads each record's {@code ce_type}, converts its value to the
 * event type of the method that handles it with the deserializer of the record's {@code content-type}, validates it when asked, and calls the method. Anything thrown
 * goes to the container's error handler. For idempotent methods the call runs in a database transaction that
 * records the event in the {@link Inbox}, and a duplicate is not handled again. A replayed dead letter meant for
 * another consumer group ({@link DeadLetterQueue#REPLAY_GROUP_HEADER}) is acknowledged without handling. Shared by the consumer threads of the container; stateless.
 */
final class EventDispatcher implements MessageListener<String, byte[]> {


    private final ListenerGroup group;

    private final EventDeserializers deserializers;

    private final @Nullable Validator validator;

    private final UnknownEventTypePolicy unknownEventTypes;

    private final EventListenerObserver observer;

    private final @Nullable Inbox inbox;

    private final ListenerLog log;

    EventDispatcher(ListenerGroup group, EventDeserializers deserializers, @Nullable Validator validator,
            UnknownEventTypePolicy unknownEventTypes, EventListenerObserver observer, @Nullable Inbox inbox,
            ListenerLog log) {
        this.group = group;
        this.deserializers = deserializers;
        this.validator = validator;
        this.unknownEventTypes = unknownEventTypes;
        this.observer = observer;
        this.inbox = inbox;
        this.log = log;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        dispatch(prepare(record));
    }

    /**
     * Decides what to do with a record before any handler runs: skip it (a replay for another group, an event type
     * no method handles under {@link UnknownEventTypePolicy#SKIP}), or handle its converted and validated event.
     * @throws RuntimeException what makes the record fail without calling a handler
     */
    Delivery prepare(ConsumerRecord<String, byte[]> record) {
        String type = EventMetadata.eventType(record);
        String replayedFor = EventMetadata.header(record, DeadLetterQueue.REPLAY_GROUP_HEADER);
        if (replayedFor != null && !replayedFor.equals(this.group.groupId())) {
            return Delivery.skipped(record, type, () -> {
                this.observer.replayForOtherGroup(this.group.id(), type);
                this.log.replayForOtherGroup(this.group, record, replayedFor);
            });
        }
        ListenerMethod method = this.group.method(type);
        if (method == null) {
            return unknownEventType(record, type);
        }
        Object event = convert(record, method);
        validate(event, method);
        return Delivery.handled(record, type, method, event);
    }

    /** Handles a prepared record on its own: in a transaction of its own when its method uses the inbox. */
    void dispatch(Delivery delivery) {
        if (delivery.isSkipped()) {
            delivery.reportSkipped();
            return;
        }
        String type = delivery.type();
        long start = System.nanoTime();
        try {
            if (this.inbox != null && this.inbox.appliesTo(delivery.method())) {
                if (!this.inbox.handleOnce(this.group, delivery.record(), delivery::invoke)) {
                    this.observer.duplicate(this.group.id(), type);
                    return;
                }
            }
            else {
                delivery.invoke();
            }
        }
        catch (RuntimeException | Error ex) {
            this.observer.handled(this.group.id(), type, Duration.ofNanos(System.nanoTime() - start), ex);
            throw ex;
        }
        this.observer.handled(this.group.id(), type, Duration.ofNanos(System.nanoTime() - start), null);
    }

    private Delivery unknownEventType(ConsumerRecord<String, byte[]> record, String type) {
        if (this.unknownEventTypes == UnknownEventTypePolicy.SKIP) {
            return Delivery.skipped(record, type, () -> {
                this.observer.skipped(this.group.id(), type);
                String header = EventMetadata.header(record, CloudEventHeaders.TYPE);
                if (header == null || header.isEmpty()) {
                    this.observer.untyped(this.group.id(), record.topic());
                    this.log.untyped(this.group, record);
                }
            });
        }
        throw new UnknownEventTypeException("No @KarrotEventListener method of listener " + this.group.id()
                + " handles event type " + type);
    }

    private Object convert(ConsumerRecord<String, byte[]> record, ListenerMethod method) {
        if (record.value() == null) {
            throw new EventConversionException("Record of event type " + EventMetadata.eventType(record) + " has no value", record, null);
        }
        if (method.takesRawValue()) {
            return method.rawValue(record.value());
        }
        try {
            Object event = this.deserializers.deserialize(record.value(), method.eventClass(), record.topic(),
                    new RecordHeaderMap(record));
            if (event == null) {
                throw new IllegalArgumentException("the converter returned null");
            }
            return event;
        }
        catch (RuntimeException ex) {
            throw new EventConversionException("Cannot convert the value of a record of event type " + EventMetadata.eventType(record)
                    + " to " + method.eventClass().getName() + ": " + ex.getMessage(), record, ex);
        }
    }

    private void validate(Object event, ListenerMethod method) {
        if (!method.validated() || this.validator == null) {
            return;
        }
        Errors errors = this.validator.validateObject(event);
        if (errors.hasErrors()) {
            throw new EventValidationException(event.getClass().getSimpleName() + " is invalid: " + errors.getAllErrors()
                .stream()
                .map(error -> error instanceof FieldError field ? field.getField() + " " + field.getDefaultMessage()
                        : error.getDefaultMessage())
                .collect(Collectors.joining("; ")));
        }
    }
}
