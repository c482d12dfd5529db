package com.karrot.kafka.lag;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.karrot.kafka.test.CountingAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class ConsumerLagReaderIntegrationTest {

    private static final List<String> FOUR_CALLS = List.of("listGroups", "describeConsumerGroups",
            "listConsumerGroupOffsets", "listOffsets");

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
    void lagIsWhatKafkaConsumerGroupsReportsForAnActiveAndThenAnEmptyGroup() {
        String topic = kafka.createTopic("lag-cli", 3);
        kafka.produce(topic, 0, 10);
        kafka.produce(topic, 1, 20);
        kafka.produce(topic, 2, 30);
        String group = LagTestKafka.unique("lag-cli-group");
        ConsumerLagReader reader = reader(group);
        try (KafkaConsumer<String, String> consumer = kafka.newConsumer(group)) {
            consumer.subscribe(List.of(topic));
            AtomicInteger read = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> read.addAndGet(consumer.poll(Duration.ofMillis(100)).count()) == 60);
            // 60 records read, 24 committed: 4 of partition 0, all 20 of partition 1, none of partition 2
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(20)));

            LagReport report = reader.refresh();
            System.out.print(LagReportTable.format(report));
            GroupLag active = report.group(group).orElseThrow();

            assertThat(active.state()).isEqualTo(GroupState.STABLE);
            assertThat(active.members()).isEqualTo(1);
            assertThat(active.coordinator()).matches(".+:\\d+ \\(\\d+\\)");
            assertThat(active.totalLag()).isEqualTo(6);
            assertThat(partitions(active))
                .extracting(PartitionLag::committedOffset, PartitionLag::endOffset, PartitionLag::lag)
                .containsExactly(tuple(4L, 10L, 6L),
                        tuple(20L, 20L, 0L),
                        tuple(null, 30L, null));
            assertThat(partitions(active)).allSatisfy(partition -> assertThat(partition.consumerId()).isNotNull());
            assertSameAsTool(active, KafkaConsumerGroupsTool.describe(kafka.bootstrapServers(), group));
        }

        GroupLag empty = reader.refresh().group(group).orElseThrow();

        assertThat(empty.state()).isEqualTo(GroupState.EMPTY);
        assertThat(empty.members()).isZero();
        assertThat(partitions(empty)).extracting(PartitionLag::partition).containsExactly(0, 1);
        assertSameAsTool(empty, KafkaConsumerGroupsTool.describe(kafka.bootstrapServers(), group));
    }

    @Test
    void neverCommittedGroupShowsItsPartitionsWithoutLagFigures() {
        String topic = kafka.createTopic("lag-uncommitted", 2);
        kafka.produce(topic, 0, 5);
        String group = LagTestKafka.unique("lag-uncommitted-group");
        try (KafkaConsumer<String, String> consumer = kafka.newConsumer(group)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> consumer.poll(Duration.ofMillis(100)).count() >= 0 && consumer.assignment().size() == 2);

            GroupLag lag = reader(group).refresh().group(group).orElseThrow();

            assertThat(lag.state()).isEqualTo(GroupState.STABLE);
            assertThat(lag.totalLag()).isNull();
            assertThat(lag.status()).isNull();
            assertThat(lag.topics()).singleElement().satisfies(topicLag -> {
                assertThat(topicLag.lag()).isNull();
                assertThat(topicLag.timeLagSeconds()).isNull();
            });
            assertThat(partitions(lag)).extracting(PartitionLag::committedOffset, PartitionLag::endOffset,
                    PartitionLag::lag, PartitionLag::timeLagSeconds, PartitionLag::status)
                .containsExactly(tuple(null, 5L, null, null, null),
                        tuple(null, 0L, null, null, null));
            assertSameAsTool(lag, KafkaConsumerGroupsTool.describe(kafka.bootstrapServers(), group));
        }
    }

    @Test
    void unknownGroupIsAbsentAndPatternsChooseTheGroups() {
        String topic = kafka.createTopic("lag-patterns", 1);
        String prefix = LagTestKafka.unique("lag-patterns");
        for (String suffix : List.of("a", "b", "c")) {
            kafka.commit(prefix + "-" + suffix, Map.of(new TopicPartition(topic, 0), 0L));
        }
        LagSettings settings = LagSettings.builder()
            .includeGroups(Pattern.compile(Pattern.quote(prefix) + "-.*"))
            .excludeGroups(Pattern.compile(".*-b"))
            .build();

        LagReport report = new ConsumerLagReader(admin, settings).refresh();

        assertThat(report.groups()).extracting(GroupLag::groupId).containsExactly(prefix + "-a", prefix + "-c");
        assertThat(report.group(prefix + "-b")).isEmpty();
        assertThat(report.group("no-such-group")).isEmpty();
    }

    @Test
    void offsetsOfADeletedTopicGoWithItAndTheGroupKeepsItsOtherLag() throws Exception {
        String topic = kafka.createTopic("lag-deleted", 1);
        String kept = kafka.createTopic("lag-kept", 1);
        kafka.produce(kept, 0, 3);
        String group = LagTestKafka.unique("lag-deleted-group");
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 0L, new TopicPartition(kept, 0), 1L));
        kafka.deleteTopic(topic);
        ConsumerLagReader reader = new ConsumerLagReader(admin, settings(group).timeout(Duration.ofSeconds(5)).build());

        // the group coordinator drops the offsets of a deleted topic shortly after the deletion
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GroupLag lag = reader.refresh().group(group).orElseThrow();
            assertThat(lag.totalLag()).isEqualTo(2);
            assertThat(lag.topics()).extracting(TopicLag::topic).containsExactly(kept);
        });
    }

    @Test
    void lastStableOffsetLeavesOutAnOpenTransactionAndTheReportSaysWhichEndOffset() throws Exception {
        String topic = kafka.createTopic("lag-lso", 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        kafka.produce(topic, 0, 10);
        String group = LagTestKafka.unique("lag-lso-group");
        kafka.commit(group, Map.of(partition, 10L));
        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, LagTestKafka.unique("lag-lso-tx")),
                new StringSerializer(), new StringSerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (int i = 0; i < 5; i++) {
                transactional.send(new ProducerRecord<>(topic, 0, null, "open-" + i)).get();
            }

            LagReport highWatermark = reader(group).refresh();
            LagReport lastStable = new ConsumerLagReader(admin, settings(group).endOffset(EndOffset.LAST_STABLE_OFFSET)
                .build()).refresh();

            assertThat(highWatermark.endOffset()).isEqualTo(EndOffset.HIGH_WATERMARK);
            assertThat(partitions(highWatermark.group(group).orElseThrow())).singleElement()
                .satisfies(lag -> assertThat(lag.endOffset()).isEqualTo(15L))
                .satisfies(lag -> assertThat(lag.lag()).isEqualTo(5L));
            assertThat(lastStable.endOffset()).isEqualTo(EndOffset.LAST_STABLE_OFFSET);
            assertThat(partitions(lastStable.group(group).orElseThrow())).singleElement()
                .satisfies(lag -> assertThat(lag.endOffset()).isEqualTo(10L))
                .satisfies(lag -> assertThat(lag.lag()).isZero());
            transactional.abortTransaction();
        }
    }

    @Test
    void adminCallsAreTheSameFourForThreeGroupsAndForThirty() {
        String prefix = LagTestKafka.unique("lag-calls");
        String small = kafka.createTopic(prefix + "-small", 2);
        commitGroups(prefix + "-few", 3, List.of(small), 2);
        CountingAdmin counting = new CountingAdmin(kafka.newAdmin());
        try {
            ConsumerLagReader reader = new ConsumerLagReader(counting.admin(), LagSettings.builder()
                .includeGroups(Pattern.compile(Pattern.quote(prefix) + "-.*"))
                .build());

            LagReport few = reader.refresh();
            List<String> fewCalls = counting.calls();
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                topics.add(kafka.createTopic(prefix + "-large-" + i, 4));
            }
            commitGroups(prefix + "-many", 27, topics, 4);
            counting.reset();
            LagReport many = reader.refresh();
            List<String> manyCalls = counting.calls();

            System.out.printf("Admin calls per refresh: %d groups x %d partitions -> %s; %d groups x %d partitions -> %s%n",
                    few.groups().size(), partitionCount(few), fewCalls, many.groups().size(), partitionCount(many),
                    manyCalls);
            assertThat(few.groups()).hasSize(3);
            assertThat(partitionCount(few)).isEqualTo(6);
            assertThat(many.groups()).hasSize(30);
            assertThat(partitionCount(many)).isEqualTo(6 + 27 * 4);
            assertThat(fewCalls).isEqualTo(FOUR_CALLS);
            assertThat(manyCalls).isEqualTo(FOUR_CALLS);
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
            ConsumerLagReader reader = new ConsumerLagReader(unreachable, LagSettings.builder()
                .timeout(Duration.ofSeconds(2))
                .build());
            long start = System.nanoTime();

            assertThatExceptionOfType(MonitoringException.class).isThrownBy(reader::refresh)
                .withMessageContaining("Kafka did not answer listGroups within the timeout of 2000 ms");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            System.out.println("Unreachable broker: refresh failed after " + took.toMillis() + " ms");
            assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(4));
            assertThat(reader.lastReport()).isEmpty();
        }
    }

    private static void commitGroups(String prefix, int groups, List<String> topics, int partitions) {
        for (int g = 0; g < groups; g++) {
            String topic = topics.get(g % topics.size());
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                offsets.put(new TopicPartition(topic, p), 0L);
            }
            kafka.commit(prefix + "-" + g, offsets);
        }
    }

    private static int partitionCount(LagReport report) {
        return report.groups().stream()
            .flatMap(group -> group.topics().stream())
            .mapToInt(topic -> topic.partitions().size())
            .sum();
    }

    private static ConsumerLagReader reader(String group) {
        return new ConsumerLagReader(admin, settings(group).build());
    }

    private static LagSettings.Builder settings(String group) {
        return LagSettings.builder().includeGroups(Pattern.compile(Pattern.quote(group)));
    }

    private static List<PartitionLag> partitions(GroupLag group) {
        return group.topics().stream().flatMap(topic -> topic.partitions().stream()).toList();
    }

    /** Every line the tool prints has a partition of ours with the same figures, and we list no other. */
    private static void assertSameAsTool(GroupLag group, List<KafkaConsumerGroupsTool.Row> rows) {
        assertThat(rows).hasSize(partitions(group).size());
        for (KafkaConsumerGroupsTool.Row row : rows) {
            TopicLag topic = group.topics().stream().filter(t -> t.topic().equals(row.topic())).findFirst().orElseThrow();
            PartitionLag partition = topic.partitions().stream().filter(p -> p.partition() == row.partition()).findFirst()
                .orElseThrow();
            assertThat(shown(partition.committedOffset())).as("CURRENT-OFFSET of %s", row).isEqualTo(row.currentOffset());
            assertThat(shown(partition.endOffset())).as("LOG-END-OFFSET of %s", row).isEqualTo(row.logEndOffset());
            assertThat(shown(partition.lag())).as("LAG of %s", row).isEqualTo(row.lag());
            assertThat(partition.consumerId() == null ? "-" : partition.consumerId()).as("CONSUMER-ID of %s", row)
                .isEqualTo(row.consumerId());
        }
    }

    private static String shown(Long value) {
        return value == null ? "-" : value.toString();
    }
}
