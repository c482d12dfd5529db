package com.karrot.kafka.test;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft broker per JVM, started on first use on a random free port and shared by every test
 * class, so that a suite pays the broker's start-up once. It stops when the JVM exits.
 *
 * <p>The broker accepts transactions and exactly-once streams on its single node, creates topics on first use
 * with {@value #DEFAULT_PARTITIONS} partitions, and starts consumer groups without the usual rebalance delay. Its
 * internal topics for group offsets and transaction state have one partition each (rather than 50), which is what
 * makes the first consumer group and the first transaction of a JVM fast.
 * Tests share it, so each test should use its own topics and group ids. Thread-safe.
 */
public final class SharedKafkaBroker {

    /** Partitions of topics the broker creates on first use. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** How long a caller waits for the broker to start before giving up. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private static @Nullable BackgroundStart<EmbeddedKafkaKraftBroker> broker;

    private SharedKafkaBroker() {
    }

    /**
     * The shared broker, started on the first call.
     * @return the running broker
     * @throws IllegalStateException if the broker failed to start, or did not start within two minutes
     */
    public static EmbeddedKafkaBroker get() {
        return startInBackground().await(START_TIMEOUT);
    }

    /**
     * The bootstrap servers of the shared broker, started on the first call.
     * @return a {@code host:port} list for {@code spring.kafka.bootstrap-servers}
     * @throws IllegalStateException if the broker failed to start, or did not start within two minutes
     */
    public static String bootstrapServers() {
        return get().getBrokersAsString();
    }

    /**
     * The bootstrap servers of the shared broker if it has started, without starting it or waiting for it.
     * @return a {@code host:port} list, or {@code null} while the broker has not started (or failed to)
     */
    public static synchronized @Nullable String bootstrapServersIfStarted() {
        EmbeddedKafkaKraftBroker started = broker != null ? broker.now() : null;
        return started != null ? started.getBrokersAsString() : null;
    }

    /**
     * Starts the broker on a thread of its own unless it is started or starting, and returns at once, so that the
     * caller can get on with its own start-up (a test's application context) while the broker starts. A failure
     * to start is kept and thrown by every later {@link #get()}.
     */
    static synchronized BackgroundStart<EmbeddedKafkaKraftBroker> startInBackground() {
        if (broker == null) {
            broker = BackgroundStart.begin("the shared Kafka broker", "karrot-shared-kafka-start",
                    SharedKafkaBroker::start);
        }
        return broker;
    }

    private static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        started.brokerProperties(properties());
        started.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "karrot-shared-kafka-shutdown"));
        return started;
    }

    static Map<String, String> properties() {
        return Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(DEFAULT_PARTITIONS),
                // the first consumer group and the first transactional producer create these internal topics and
                // wait for every partition to load: 50 each by default, one is plenty for one node
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.num.partitions", "1");
    }
}
