package com.karrot.kafka.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxRecord;
import com.karrot.kafka.outbox.OutboxRelayObserver;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two applications of {@link ModulithComparisonBenchmark}: the same event published one per transaction, by the
 * outbox or by Spring Modulith, with a {@link Recorder} of when each transaction committed and when the broker
 * acknowledged its event.
 */
final class ComparisonApplications {

    /** The header that carries the sale id of an externalized event, to match its acknowledgement. */
    static final String SALE_ID = "sale-id";

    private ComparisonApplications() {
    }

    /** The settings of one side: its database, broker and topic, and the other side switched off. */
    static Map<String, Object> properties(boolean karrot, String servers, String postgresUrl, String topic) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.application.name", karrot ? "bench-karrot" : "bench-modulith");
        properties.put("spring.datasource.url", postgresUrl);
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("spring.kafka.bootstrap-servers", servers);
        properties.put("bench.topic", topic);
        properties.put("karrot.kafka.lag.enabled", "false");
        properties.put("karrot.kafka.listener.enabled", "false");
        properties.put("karrot.kafka.outbox.topics.sale", topic);
        properties.put("karrot.kafka.outbox.jdbc.initialize-schema", "always");
        // the benchmarks' package holds the other benchmarks' event classes, routed by their own programs
        properties.put("karrot.kafka.outbox.route-check", "off");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", "true");
        if (karrot) {
            properties.put("spring.modulith.events.externalization.enabled", "false");
        }
        else {
            properties.put("karrot.kafka.outbox.enabled", "false");
            // like the outbox, which deletes what it sent
            properties.put("spring.modulith.events.completion-mode", "delete");
            // the outbox relay's producer settings: every replica acknowledges, idempotent
            properties.put("spring.kafka.producer.acks", "all");
            properties.put("spring.kafka.producer.properties.enable.idempotence", "true");
            properties.put("spring.kafka.producer.properties.linger.ms", "5");
        }
        return properties;
    }

    /**
     * The event: a sale, about 200 bytes of JSON, keyed by one of 1,000 items.
     * @param itemId the item, the aggregate
     * @param saleId the sale, unique
     * @param priceCents the price
     * @param title the listing title
     * @param region where
     * @param soldAt when
     */
    @EventType(value = "SALE_RECORDED", aggregateType = "sale")
    record SaleRecorded(@AggregateId String itemId, String saleId, long priceCents, String title, String region,
            String soldAt) {

        static SaleRecorded next() {
            return new SaleRecorded("item-" + ThreadLocalRandom.current().nextInt(1_000), UUID.randomUUID().toString(),
                    ThreadLocalRandom.current().nextLong(1_000, 1_000_000), "Vintage road bike, barely used",
                    "Seogyo-dong", Instant.now().toString());
        }
    }

    /** When each event's transaction committed and when the broker acknowledged it, by a key of the event. */
    static final class Recorder {

        private final Map<String, Long> commits = new HashMap<>();

        private final Map<String, Long> earlyAcks = new HashMap<>();

        private final List<Long> latencies = new ArrayList<>();

        private final AtomicLong acks = new AtomicLong();

        private volatile long lastAck;

        synchronized void reset() {
            this.commits.clear();
            this.earlyAcks.clear();
            this.latencies.clear();
            this.acks.set(0);
        }

        /** Records the commit of the transaction that publishes an event, before anything else runs after it. */
        void onCommit(String key) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

                @Override
                public void afterCommit() {
                    committed(key, System.nanoTime());
                }

                @Override
                public int getOrder() {
                    return Ordered.HIGHEST_PRECEDENCE;
                }
            });
        }

        private synchronized void committed(String key, long at) {
            Long ackedAt = this.earlyAcks.remove(key);
            if (ackedAt != null) {
                record(0, ackedAt);
            }
            else {
                this.commits.put(key, at);
            }
        }

        synchronized void acked(String key) {
            long now = System.nanoTime();
            Long committedAt = this.commits.remove(key);
            if (committedAt != null) {
                record((now - committedAt) / 1_000, now);
            }
            else {
                this.earlyAcks.put(key, now);
            }
        }

        private void record(long micros, long ackedAt) {
            this.latencies.add(micros);
            this.lastAck = ackedAt;
            this.acks.incrementAndGet();
        }

        void awaitAcks(long expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (this.acks.get() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + this.acks.get() + " of " + expected
                            + " events acknowledged within " + timeout);
                }
                Thread.sleep(5);
            }
        }

        long lastAckNanos() {
            return this.lastAck;
        }

        synchronized long[] latenciesMicros() {
            return this.latencies.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** Publishes one event in a transaction of its own. */
    interface SalePublisher {

        void publish();
    }

    /** The outbox side: {@code KarrotEventPublisher} in the transaction, acknowledgements from the relay. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class KarrotApplication {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        OutboxRelayObserver acknowledgements(Recorder recorder) {
            return new OutboxRelayObserver() {

                @Override
                public void sent(List<OutboxRecord> sent, Instant ackedAt) {
                    sent.forEach(record -> recorder.acked(record.eventId()));
                }
            };
        }

        @Bean
        SalePublisher salePublisher(KarrotEventPublisher events, TransactionTemplate transactions, Recorder recorder) {
            return () -> transactions.executeWithoutResult(status -> recorder.onCommit(events.publish(SaleRecorded.next())));
        }
    }

    /**
     * The Spring Modulith side: an application event externalized to Kafka, acknowledgements from the template Spring
     * Modulith sends with.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ModulithApplication {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        EventExternalizationConfiguration externalization(Environment environment) {
            String topic = environment.getRequiredProperty("bench.topic");
            return EventExternalizationConfiguration.externalizing()
                .selectByType(SaleRecorded.class)
                .route(SaleRecorded.class, sale -> RoutingTarget.forTarget(topic).andKey(sale.itemId()))
                .headers(SaleRecorded.class, sale -> Map.of(SALE_ID, sale.saleId()))
                .build();
        }

        /** Hears the acknowledgements on whichever {@code KafkaTemplate} the externalizer sends with. */
        @Bean
        static BeanPostProcessor acknowledgements(ObjectProvider<Recorder> recorder) {
            return new BeanPostProcessor() {

                @Override
                @SuppressWarnings("unchecked")
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof KafkaTemplate<?, ?> template) {
                        ((KafkaTemplate<Object, Object>) template).setProducerListener(new ProducerListener<>() {

                            @Override
                            public void onSuccess(ProducerRecord<Object, Object> record, RecordMetadata metadata) {
                                Header saleId = record.headers().lastHeader(SALE_ID);
                                if (saleId != null) {
                                    // the header mapper may write a String as JSON, in quotes
                                    recorder.getObject()
                                        .acked(new String(saleId.value(), StandardCharsets.UTF_8).replace("\"", ""));
                                }
                            }
                        });
                    }
                    return bean;
                }
            };
        }

        @Bean
        SalePublisher salePublisher(ApplicationEventPublisher events, TransactionTemplate transactions,
                Recorder recorder) {
            return () -> transactions.executeWithoutResult(status -> {
                SaleRecorded sale = SaleRecorded.next();
                events.publishEvent(sale);
                recorder.onCommit(sale.saleId());
            });
        }
    }
}
