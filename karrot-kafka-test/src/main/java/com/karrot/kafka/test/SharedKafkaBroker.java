package com.karrot.kafka.test;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft broker per JVM, started on first use on a random free port and shared by every test
 * class, so that a suite pays the broker's start-up once. It stops when the JVM exits.
 *
 * <p>The broker accepts transactions and exactly-once streams on its single node, creates topics on first use
 * with {@value #DEFAULT_PARTITIONS} partitions, and starts consumer groups without the usual rebalance delay.
 * Tests share it, so each test should use its own topics and group ids. Thread-safe.
 */
public final class SharedKafkaBroker {

    /** Partitions of topics the broker creates on first use. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static @Nullable EmbeddedKafkaKraftBroker broker;

    private SharedKafkaBroker() {
    }

    /**
     * The shared broker, started on the first call.
     * @return the running broker
     */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
            started.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "true",
                    "num.partitions", String.valueOf(DEFAULT_PARTITIONS)));
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "karrot-shared-kafka-shutdown"));
            broker = started;
        }
        return broker;
    }

    /**
     * The bootstrap servers of the shared broker, started on the first call.
     * @return a {@code host:port} list for {@code spring.kafka.bootstrap-servers}
     */
    public static String bootstrapServers() {
        return get().getBrokersAsString();
    }
}
