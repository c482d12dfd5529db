package com.karrot.kafka.streams.internal;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * Handles records Kafka Streams cannot serialise or write as {@code karrot.kafka.streams.errors.production} says:
 * by default the source record the output came from goes to its dead-letter topic with its original bytes and the
 * stream goes on. Retriable send errors are retried by Kafka Streams and do not come here. Under {@code fail} the
 * thread stops whatever the processing policy.
 */
public final class ProductionErrors implements ProductionExceptionHandler {

    private final BadRecords badRecords = new BadRecords("production");

    @Override
    public void configure(Map<String, ?> configs) {
        this.badRecords.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        return handle(context, exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        return handle(context, exception);
    }

    private Response handle(ErrorHandlerContext context, Exception exception) {
        Response response = this.badRecords.handle(context, context.sourceRawKey(), context.sourceRawValue(),
                exception, Response::fail, Response::resume, Response::resume);
        if (response.result() == Result.FAIL) {
            FailedProductions.add(exception);
        }
        return response;
    }
}
