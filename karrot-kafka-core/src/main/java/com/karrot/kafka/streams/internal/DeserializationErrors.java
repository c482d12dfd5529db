package com.karrot.kafka.streams.internal;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Handles records Kafka Streams cannot deserialise as {@code karrot.kafka.streams.errors.deserialization} says:
 * by default the record goes to its dead-letter topic with its original bytes and the stream goes on.
 */
public final class DeserializationErrors implements DeserializationExceptionHandler {

    private final BadRecords badRecords = new BadRecords("deserialization");

    @Override
    public void configure(Map<String, ?> configs) {
        this.badRecords.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        return this.badRecords.handle(context, record.key(), record.value(), exception,
                Response::fail, Response::resume, Response::resume);
    }
}
