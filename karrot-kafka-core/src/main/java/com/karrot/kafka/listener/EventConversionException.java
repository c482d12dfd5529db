package com.karrot.kafka.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.converter.ConversionException;

/**
 * Thrown when the value of a record cannot be turned into the event a {@link KarrotEventListener} method takes
 * (not JSON, wrong shape, no value at all). Never retried: the record goes straight to the dead-letter topic,
 * with its original bytes. A Spring Kafka {@link ConversionException}, so its error handling treats it as such.
 */
public class EventConversionException extends ConversionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what could not be converted, and to what
     * @param record the record
     * @param cause the converter's failure, or {@code null}
     */
    public EventConversionException(String message, ConsumerRecord<?, ?> record, @Nullable Throwable cause) {
        super(message, record, cause);
    }
}
