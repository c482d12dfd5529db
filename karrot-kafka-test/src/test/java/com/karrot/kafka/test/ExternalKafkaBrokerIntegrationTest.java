package com.karrot.kafka.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class ExternalKafkaBrokerIntegrationTest {

    // the broker's own readiness bound: start-up time is measured and reported here, not held to a speed goal,
    // which on a shared 2-core machine would make the test fail for reasons outside the code
    private static final Duration START_BOUND = Duration.ofSeconds(120);

    private static final String MESSAGE_MAX_BYTES = "2097152";

    private static ExternalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = ExternalKafkaBroker.start(Map.of("message.max.bytes", MESSAGE_MAX_BYTES));
        System.out.println("External broker started in " + broker.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void startsWithinBoundAndRoundTripsRecords() {
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.startupTime()).isPositive().isLessThanOrEqualTo(START_BOUND);
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        String topic = createTopic();

        List<String> sent = produce(topic, "round-trip", 100);

        assertThat(consume(topic, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void brokerPropertiesPassedAtStartOverrideDefaults() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(node)).all().get(10, TimeUnit.SECONDS).get(node);

            assertThat(config.get("message.max.bytes").value()).isEqualTo(MESSAGE_MAX_BYTES);
            assertThat(config.get("num.partitions").value())
                    .isEqualTo(String.valueOf(ExternalKafkaBroker.DEFAULT_PARTITIONS));
        }
    }

    @Test
    void killedBrokerRestartsOnSameAddressWithAckedRecords() {
        String topic = createTopic();
        List<String> acked = produce(topic, "before-kill", 200);
        String address = broker.bootstrapServers();
        long killedPid = broker.pid();

        broker.kill();

        assertThat(broker.isRunning()).isFalse();
        assertThat(isAlive(killedPid)).isFalse();

        broker.restart();
        System.out.println("External broker restarted after kill in " + broker.startupTime().toMillis() + " ms");

        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.pid()).isNotEqualTo(killedPid);
        assertThat(broker.bootstrapServers()).isEqualTo(address);
        assertThat(broker.startupTime()).isPositive().isLessThanOrEqualTo(START_BOUND);
        List<String> afterRestart = produce(topic, "after-restart", 50);
        assertThat(consume(topic, acked.size() + afterRestart.size()))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(acked.stream(), afterRestart.stream()).toList());
    }

    @Test
    void stoppedBrokerRestartsWithItsData() {
        String topic = createTopic();
        List<String> acked = produce(topic, "before-stop", 100);
        long stoppedPid = broker.pid();

        broker.stop();

        assertThat(broker.isRunning()).isFalse();
        assertThat(isAlive(stoppedPid)).isFalse();

        broker.restart();
        System.out.println("External broker restarted after stop in " + broker.startupTime().toMillis() + " ms");

        assertThatIllegalStateException().isThrownBy(broker::restart).withMessageContaining("running");
        List<String> afterRestart = produce(topic, "after-stop", 50);
        assertThat(consume(topic, acked.size() + afterRestart.size()))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(acked.stream(), afterRestart.stream()).toList());
    }

    @Test
    void closeLeavesNoProcessAliveAndDeletesDirectory() {
        ExternalKafkaBroker closing = ExternalKafkaBroker.start();
        long pid = closing.pid();
        Path directory = closing.directory();
        assertThat(isAlive(pid)).isTrue();
        assertThat(directory.resolve("broker.log")).exists();

        closing.close();
        closing.close();

        assertThat(isAlive(pid)).isFalse();
        assertThat(closing.isRunning()).isFalse();
        assertThat(Files.exists(directory)).isFalse();
        assertThatIllegalStateException().isThrownBy(closing::restart).withMessageContaining("closed");
    }

    @Test
    void refusesPropertiesThatWouldMoveTheBroker() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ExternalKafkaBroker.start(Map.of("listeners", "PLAINTEXT://127.0.0.1:9092")))
                .withMessageContaining("listeners");
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String createTopic() {
        String topic = "external-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot create topic " + topic, ex);
        }
        return topic;
    }

    /** Sends {@code count} records with acks=all and returns their values once the broker has acknowledged all. */
    private static List<String> produce(String topic, String prefix, int count) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<String> values = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            values.forEach(value -> acks.add(producer.send(new ProducerRecord<>(topic, value, value))));
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException("Records to " + topic + " were not acknowledged", ex);
        }
        return values;
    }

    private static List<String> consume(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "external-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
                assertThat(received).hasSizeGreaterThanOrEqualTo(expected);
            });
        }
        return received;
    }
}
