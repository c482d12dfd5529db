package com.karrot.kafka.cdc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

/**
 * Debezium's engine running a connector configuration as a Kafka Connect worker would: the connector and its
 * transformations run in the engine, and each record is converted with the configuration's key, value and header
 * converters and written to Kafka by an idempotent producer, in the order the connector gave, before the engine may
 * commit its offsets (as a source task does).
 */
final class DebeziumRelay implements AutoCloseable {

    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "debezium-engine"));

    private final KafkaProducer<byte[], byte[]> producer;

    private final Converter keyConverter;

    private final Converter valueConverter;

    private final HeaderConverter headerConverter;

    private final CountDownLatch taskStarted = new CountDownLatch(1);

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final AtomicInteger sent = new AtomicInteger();

    private final Future<?> running;

    DebeziumRelay(Map<String, String> connectorConfig, String bootstrapServers) {
        this.keyConverter = converter(connectorConfig.get("key.converter"), true);
        this.valueConverter = converter(connectorConfig.get("value.converter"), false);
        String headerConverterClass = connectorConfig.getOrDefault("header.converter",
                SimpleHeaderConverter.class.getName());
        this.headerConverter = instance(headerConverterClass, HeaderConverter.class);
        this.headerConverter.configure(Map.of());
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "debezium-relay-" + connectorConfig.get("name")),
                new ByteArraySerializer(), new ByteArraySerializer());
        Properties properties = new Properties();
        properties.putAll(connectorConfig);
        properties.put("offset.storage", MemoryOffsetBackingStore.class.getName());
        properties.put("offset.flush.interval.ms", "0");
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(properties)
            .using(new DebeziumEngine.ConnectorCallback() {
                @Override
                public void taskStarted() {
                    DebeziumRelay.this.taskStarted.countDown();
                }
            })
            .using((success, message, error) -> {
                if (!success) {
                    this.failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                }
            })
            .notifying(this::send)
            .build();
        this.running = this.executor.submit(this.engine);
    }

    /**
     * Waits until the connector's task runs. It may not read the log yet: what is committed before it does is not
     * captured (see {@link CdcDatabase#capturing(String)}).
     */
    void awaitStarted(Duration timeout) throws InterruptedException {
        if (!this.taskStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Debezium's task did not start within " + timeout, this.failure.get());
        }
    }

    /** How many records this relay wrote to Kafka. */
    int sent() {
        return this.sent.get();
    }

    private void send(List<RecordChangeEvent<SourceRecord>> batch, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> event : batch) {
            SourceRecord record = event.record();
            if (record != null) {
                acks.add(this.producer.send(toProducerRecord(record)));
            }
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            }
            catch (Exception ex) {
                throw new IllegalStateException("Kafka did not acknowledge a record of the batch", ex);
            }
        }
        this.sent.addAndGet(acks.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** What a Kafka Connect worker's source task makes of a transformed record. */
    private ProducerRecord<byte[], byte[]> toProducerRecord(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(header -> headers.add(header.key(),
                this.headerConverter.fromConnectHeader(record.topic(), header.key(), header.schema(), header.value())));
        byte[] key = this.keyConverter.fromConnectData(record.topic(), headers, record.keySchema(), record.key());
        byte[] value = this.valueConverter.fromConnectData(record.topic(), headers, record.valueSchema(),
                record.value());
        return new ProducerRecord<>(record.topic(), record.kafkaPartition(), record.timestamp(), key, value, headers);
    }

    private static Converter converter(String className, boolean isKey) {
        Converter converter = instance(className, Converter.class);
        converter.configure(Map.of(), isKey);
        return converter;
    }

    private static <T> T instance(String className, Class<T> type) {
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalArgumentException("Cannot create " + className, ex);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            this.engine.close();
            this.running.get(60, TimeUnit.SECONDS);
        }
        finally {
            this.executor.shutdownNow();
            this.producer.close(Duration.ofSeconds(10));
            this.headerConverter.close();
        }
    }
}
