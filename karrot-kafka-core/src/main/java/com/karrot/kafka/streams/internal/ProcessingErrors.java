package com.karrot.kafka.streams.internal;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Handles exceptions thrown while processing a record as {@code karrot.kafka.streams.errors.processing} says: by
 * default the source record the task was working on goes to its dead-letter topic with its original bytes and the
 * stream goes on. A production failure that was to stop the thread, which Kafka Streams hands here when a processor
 * forwarded to the failing sink, stops it.
 */
public final class ProcessingErrors implements ProcessingExceptionHandler {

    private final BadRecords badRecords = new BadRecords("processing");

    @Override
    public void configure(Map<String, ?> configs) {
        this.badRecords.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (FailedProductions.causedBy(exception)) {
            return Response.fail();
        }
        return this.badRecords.handle(context, context.sourceRawKey(), context.sourceRawValue(), exception,
                Response::fail, Response::resume, Response::resume);
    }
}
