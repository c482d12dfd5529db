package com.karrot.kafka.test.streams.internal;

import java.util.Map;
import java.util.function.Consumer;

import com.karrot.kafka.streams.internal.DeserializationErrors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * The starter's deserialization exception handler, whose dead letters a {@code TopologyTestDriver} receives
 * directly instead of through the task's producer. Kafka 4.2's driver commits only after it has processed a record;
 * a record that failed deserialization is not processed, so under exactly-once its dead letter would stay in an open
 * transaction, which the driver discards when it next collects its output.
 */
public final class DriverDeserializationErrors implements DeserializationExceptionHandler {

    /** The configuration key of the {@code Consumer<ProducerRecord<byte[], byte[]>>} that takes the dead letters. */
    public static final String SINK = "karrot.test.streams.dead-letter-sink";

    private final DeserializationErrors delegate = new DeserializationErrors();

    private Consumer<ProducerRecord<byte[], byte[]>> sink = record -> {
    };

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        this.delegate.configure(configs);
        if (configs.get(SINK) instanceof Consumer<?> consumer) {
            this.sink = (Consumer<ProducerRecord<byte[], byte[]>>) consumer;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        Response response = this.delegate.handleError(context, record, exception);
        if (response.result() == Result.FAIL) {
            return response;
        }
        response.deadLetterQueueRecords().forEach(this.sink);
        return Response.resume();
    }
}
