package com.karrot.kafka.benchmarks;

import com.karrot.kafka.autoconfigure.listener.KarrotListenerContainerFactoryCustomizer;
import com.karrot.kafka.listener.Idempotency;
import com.karrot.kafka.listener.InboxMode;
import com.karrot.kafka.listener.KarrotEventListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The listeners the benchmark compares, each the only listener of an application of its own, built from
 * {@link Application} with the auto-configuration a service gets (Spring Boot's and the starter's). Every handler
 * ends the same way, in {@link HandledEvents#handled}. The containers do not start with the application: the
 * benchmark starts them, so that its clock leaves out the building of the application context.
 */
final class BenchmarkListeners {

    /** The {@code @KafkaListener}'s container id. */
    static final String BARE_ID = "bench-bare";

    private BenchmarkListeners() {
    }

    /** The application of every phase; the phase adds one listener bean and the {@link HandledEvents}. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        KarrotListenerContainerFactoryCustomizer startedByTheBenchmark() {
            return factory -> factory.setAutoStartup(false);
        }
    }

    /** The baseline: Spring Kafka's {@code @KafkaListener}, reading the JSON value with the application's mapper. */
    static class Bare {

        private final JsonMapper json;

        private final HandledEvents handled;

        Bare(JsonMapper json, HandledEvents handled) {
            this.json = json;
            this.handled = handled;
        }

        @KafkaListener(id = BARE_ID, topics = "${bench.topic}", groupId = "${bench.group}",
                concurrency = "${bench.concurrency}", autoStartup = "false")
        void on(ConsumerRecord<String, byte[]> record) {
            this.handled.handled(this.json.readValue(record.value(), ItemSold.class));
        }
    }

    /** {@code @KarrotEventListener} with its defaults: typed dispatch, blocking retries, dead-letter topic, meters. */
    static class Karrot {

        private final HandledEvents handled;

        Karrot(HandledEvents handled) {
            this.handled = handled;
        }

        @KarrotEventListener(topics = "${bench.topic}", groupId = "${bench.group}", concurrency = "${bench.concurrency}",
                eventTypes = "ITEM_SOLD")
        void on(ItemSold event) {
            this.handled.handled(event);
        }
    }

    /** The same, idempotent: each event is recorded in the inbox, in a transaction of its own. */
    static class Idempotent {

        private final HandledEvents handled;

        Idempotent(HandledEvents handled) {
            this.handled = handled;
        }

        @KarrotEventListener(topics = "${bench.topic}", groupId = "${bench.group}", concurrency = "${bench.concurrency}",
                eventTypes = "ITEM_SOLD", idempotent = Idempotency.ON)
        void on(ItemSold event) {
            this.handled.handled(event);
        }
    }

    /** The same, in batches: the records of each poll in one transaction, their inbox rows in one insert. */
    static class IdempotentBatched {

        private final HandledEvents handled;

        IdempotentBatched(HandledEvents handled) {
            this.handled = handled;
        }

        @KarrotEventListener(topics = "${bench.topic}", groupId = "${bench.group}", concurrency = "${bench.concurrency}",
                eventTypes = "ITEM_SOLD", idempotent = Idempotency.ON, inboxMode = InboxMode.BATCH)
        void on(ItemSold event) {
            this.handled.handled(event);
        }
    }
}
