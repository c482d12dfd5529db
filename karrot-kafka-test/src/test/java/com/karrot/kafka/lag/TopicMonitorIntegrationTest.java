package com.karrot.kafka.lag;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.karrot.kafka.test.CountingAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class TopicMonitorIntegrationTest {

    private static LagTestKafka kafka;

    private static Admin admin;

    @BeforeAll
    static void connect() {
        kafka = new LagTestKafka();
        admin = kafka.newAdmin();
    }

    @AfterAll
    static void close() {
        admin.close(Duration.ofSeconds(10));
        kafka.close();
    }

    @Test
    void factsOfATopicAndItsRateOnceTwoRefreshesHaveReadIt() throws Exception {
        String topic = kafka.createTopic("topics-facts", 3);
        kafka.produce(topic, 0, 10);
        kafka.produce(topic, 1, 20);
        admin.deleteRecords(Map.of(new TopicPartition(topic, 1), RecordsToDelete.beforeOffset(5)))
            .all()
            .get(30, TimeUnit.SECONDS);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        TopicMonitor monitor = new TopicMonitor(admin, settings(topic), clock);

        TopicFacts first = monitor.refresh().topic(topic).orElseThrow();

        assertThat(first.partitionCount()).isEqualTo(3);
        assertThat(first.replicationFactor()).isEqualTo(1);
        assertThat(first.underReplicatedPartitions()).isZero();
        assertThat(first.offlinePartitions()).isZero();
        assertThat(first.messagesPerSecond()).isNull();
        assertThat(first.partitions()).extracting(PartitionFacts::partition, PartitionFacts::replicas,
                PartitionFacts::inSyncReplicas, PartitionFacts::startOffset, PartitionFacts::endOffset)
            .containsExactly(tuple(0, 1, 1, 0L, 10L), tuple(1, 1, 1, 5L, 20L), tuple(2, 1, 1, 0L, 0L));
        assertThat(first.partitions()).allSatisfy(partition -> assertThat(partition.leader()).isNotNull());

        kafka.produce(topic, 0, 30);
        kafka.produce(topic, 2, 10);
        clock.advance(Duration.ofSeconds(10));
        TopicReport second = monitor.refresh();

        assertThat(second.topic(topic).orElseThrow().messagesPerSecond()).isEqualTo(4.0);
        assertThat(second.errors()).isEmpty();
        assertThat(second.topic("no-such-topic")).isEmpty();
    }

    @Test
    void adminCallsAreTheSameFourForOneTopicAndForTwenty() {
        String prefix = LagTestKafka.unique("topics-calls");
        kafka.createTopic(prefix + "-first", 1);
        CountingAdmin counting = new CountingAdmin(kafka.newAdmin());
        try {
            TopicMonitor monitor = new TopicMonitor(counting.admin(),
                    new TopicSettings(Pattern.compile(Pattern.quote(prefix) + "-.*"), null, Duration.ofSeconds(10)));

            TopicReport one = monitor.refresh();
            List<String> oneCall = counting.calls();
            for (int i = 0; i < 19; i++) {
                kafka.createTopic(prefix + "-more", 4);
            }
            // a new topic shows in listTopics once the broker's metadata has caught up with its creation
            TopicReport twenty = await().atMost(Duration.ofSeconds(30)).until(() -> {
                counting.reset();
                return monitor.refresh();
            }, report -> report.topics().size() == 20);

            System.out.printf("Admin calls per refresh: %d topic -> %s; %d topics -> %s%n", one.topics().size(), oneCall,
                    twenty.topics().size(), counting.calls());
            assertThat(one.topics()).hasSize(1);
            assertThat(twenty.topics()).hasSize(20);
            assertThat(oneCall).containsExactly("listTopics", "describeTopics", "listOffsets", "listOffsets");
            assertThat(counting.calls()).isEqualTo(oneCall);
        }
        finally {
            counting.admin().close(Duration.ofSeconds(10));
        }
    }

    @Test
    void unreachableBrokerFailsFastWithAClearErrorWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        try (Admin unreachable = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort))) {
            TopicMonitor monitor = new TopicMonitor(unreachable, new TopicSettings(Pattern.compile(".*"), null,
                    Duration.ofSeconds(2)));
            long start = System.nanoTime();

            assertThatExceptionOfType(MonitoringException.class).isThrownBy(monitor::refresh)
                .withMessageContaining("Kafka did not answer listTopics within the timeout of 2000 ms");

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(4));
            assertThat(monitor.lastReport()).isEmpty();
        }
    }

    private static TopicSettings settings(String topic) {
        return new TopicSettings(Pattern.compile(Pattern.quote(topic)), null, Duration.ofSeconds(10));
    }
}
