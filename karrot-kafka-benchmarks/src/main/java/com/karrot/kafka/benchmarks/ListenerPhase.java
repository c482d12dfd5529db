package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;


import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.Assert;

/**
 * One phase of the listener benchmark: an application with one listener, built as a service builds it, reads a
 * topic from the beginning in a consumer group of its own. Timed from starting the listener's container to the
 * last event handled; then the container stops and the phase counts what was handled, and how often.
 */
final class ListenerPhase {

    /** The listener of a phase. */
    enum Listener {

        BARE("@KafkaListener", BenchmarkListeners.Bare.class),

        KARROT("@KarrotEventListener", BenchmarkListeners.Karrot.class),

        INBOX("@KarrotEventListener(idempotent = ON)", BenchmarkListeners.Idempotent.class),

        INBOX_BATCH("@KarrotEventListener(idempotent = ON, inboxMode = BATCH)", BenchmarkListeners.IdempotentBatched.class);

        private final String description;

        private final Class<?> bean;

        Listener(String description, Class<?> bean) {
            this.description = description;
            this.bean = bean;
        }

        String description() {
            return this.description;
        }

        boolean usesInbox() {
            return this == INBOX || this == INBOX_BATCH;
        }
    }

    /**
     * What a phase measured.
     * @param listener the listener
     * @param elapsed container start to the last event handled, or {@code null} when not all of them were
     * @param toFirst container start to the first event handled (joining the group, the first fetch), or
     * {@code null} when none was
     * @param cpu CPU time of the whole JVM, broker included, from container start to the last event handled, or
     * {@code null} when not all of them were or the JVM cannot tell
     * @param handled what the handler got, counted after the container stopped
     * @param meters the {@code karrot.kafka.listener.*} counters by name (without the prefix), empty for the bare one
     * @param inboxRows rows of the phase's consumer group in the inbox, or -1 without inbox
     * @param database the inbox database, or {@code null} without inbox
     */
    record Result(Listener listener, @Nullable Duration elapsed, @Nullable Duration toFirst, @Nullable Duration cpu,
            HandledEvents.Tally handled, Map<String, Long> meters,
            long inboxRows, @Nullable String database) {

        double rate() {
            return this.elapsed == null ? Double.NaN : Rates.perSecond(this.handled.expected(), this.elapsed);
        }
    }

    private static final String[] METERS = { "processed", "retried", "dead-lettered", "skipped", "duplicates" };

    private final BenchmarkKafka kafka;

    private final int concurrency;

    private final Duration stall;

    private final Map<String, Object> inboxDatabase;

    /**
     * @param inboxDatabase the {@code spring.datasource.*} properties of the inbox phase
     */
    ListenerPhase(BenchmarkKafka kafka, int concurrency, Duration stall, Map<String, Object> inboxDatabase) {
        this.kafka = kafka;
        this.concurrency = concurrency;
        this.stall = stall;
        this.inboxDatabase = Map.copyOf(inboxDatabase);
    }

    Result run(Listener listener, String topic, String group, int events) throws InterruptedException {
        HandledEvents handled = new HandledEvents(events);
        try (ConfigurableApplicationContext context = application(listener, topic, group, handled)) {
            KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
            Collection<MessageListenerContainer> containers = registry.getListenerContainers();
            Assert.state(containers.size() == 1, () -> "expected one listener container, found " + containers);
            MessageListenerContainer container = containers.iterator().next();
            JdbcTemplate jdbc = listener.usesInbox() ? new JdbcTemplate(context.getBean(DataSource.class)) : null;
            if (jdbc != null) {
                jdbc.execute("TRUNCATE TABLE karrot_inbox");
            }
            long cpuStart = ProcessCpu.nanos();
            long start = System.nanoTime();
            container.start();
            long end = handled.awaitAll(this.stall);
            long cpuEnd = ProcessCpu.nanos();
            container.stop();
            Duration elapsed = end < 0 ? null : Duration.ofNanos(end - start);
            Duration cpu = end < 0 || cpuStart < 0 ? null : Duration.ofNanos(cpuEnd - cpuStart);
            long first = handled.firstNanos();
            Duration toFirst = first == 0 ? null : Duration.ofNanos(first - start);
            Map<String, Long> meters = listener == Listener.BARE ? Map.of() : meters(context.getBean(MeterRegistry.class));
            long inboxRows = jdbc == null ? -1 : jdbc.queryForObject(
                    "SELECT COUNT(*) FROM karrot_inbox WHERE consumer_group = ?", Long.class, group);
            String database = jdbc == null ? null : BenchmarkDatabase.describe(context.getBean(DataSource.class));
            return new Result(listener, elapsed, toFirst, cpu, handled.tally(), meters, inboxRows, database);
        }
    }

    private ConfigurableApplicationContext application(Listener listener, String topic, String group,
            HandledEvents handled) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.application.name", "karrot-listener-bench");
        properties.put("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers());
        properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        properties.put("spring.kafka.consumer.key-deserializer", StringDeserializer.class.getName());
        properties.put("spring.kafka.consumer.value-deserializer", ByteArrayDeserializer.class.getName());
        properties.put("spring.kafka.consumer.enable-auto-commit", "false");
        // the benchmark measures listeners, not the outbox relay
        properties.put("karrot.kafka.outbox.enabled", "false");
        // nor a direct publisher (which a service without the outbox gets): the phase only listens
        properties.put("karrot.kafka.publisher.direct.enabled", "false");
        if (listener.usesInbox()) {
            properties.putAll(this.inboxDatabase);
            properties.put("karrot.kafka.listener.inbox.jdbc.initialize-schema", "always");
        }
        else {
            properties.put("spring.autoconfigure.exclude",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        }
        properties.put("bench.topic", topic);
        properties.put("bench.group", group);
        properties.put("bench.concurrency", String.valueOf(this.concurrency));
        return new SpringApplicationBuilder(BenchmarkListeners.Application.class, listener.bean)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .registerShutdownHook(false)
            .properties(properties)
            .initializers(context -> context.getBeanFactory().registerSingleton("handledEvents", handled))
            .run();
    }

    private static Map<String, Long> meters(MeterRegistry registry) {
        Map<String, Long> counts = new HashMap<>();
        for (String name : METERS) {
            double sum = registry.find("karrot.kafka.listener." + name).counters().stream().mapToDouble(Counter::count).sum();
            counts.put(name, Math.round(sum));
        }
        return counts;
    }
}
