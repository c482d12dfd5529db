package com.karrot.kafka.cdc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.karrot.kafka.cdc.OutboxService.ItemPriced;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relayed by Debezium's engine with the connector configuration of the outbox guide, against the built-in
 * relay as the reference; each database runs it by giving its {@link CdcDatabase}.
 */
abstract class DebeziumOutboxTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final String bootstrapServers = SharedKafkaBroker.bootstrapServers();

    private final String name = "karrot_cdc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private final String schema = this.name;

    private final String topic = "cdc-items-" + UUID.randomUUID();

    private final List<AutoCloseable> running = new ArrayList<>();

    private CdcDatabase database;

    protected abstract CdcDatabase database();

    @BeforeEach
    void openDatabase() {
        this.database = database();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = this.running.size() - 1; i >= 0; i--) {
            this.running.get(i).close();
        }
        this.database.dropCapture(this.name);
        this.database.dropSchema(this.schema);
        this.database.close();
    }

    @Test
    void debeziumSendsTheRecordsTheRelaySends() throws Exception {
        OutboxService service = service(false, Map.of());
        DebeziumRelay debezium = debezium();
        List<String> published = new ArrayList<>();
        for (int sequence = 1; sequence <= 10; sequence++) {
            for (int item = 1; item <= 4; item++) {
                Map<String, String> headers = (item == 1) ? Map.of()
                        : Map.of("tenant", "kr-" + item, "note", "\"quoted\" ü ☃ \\ end");
                published.add(service.publish(new ItemPriced("item-" + item, sequence, 1000L * sequence), headers));
            }
        }
        try (TopicReader reader = new TopicReader(this.bootstrapServers, this.topic)) {
            List<ConsumerRecord<byte[], byte[]>> byDebezium = reader.awaitAtLeast(published.size(), TIMEOUT);
            assertThat(byDebezium).extracting(record -> TopicReader.header(record, CloudEventHeaders.ID))
                .containsExactlyInAnyOrderElementsOf(published);
            assertInOrderPerItem(byDebezium);
            assertThat(outboxRows()).as("rows left for the retention clean-up").isEqualTo(published.size());
            close(debezium);
            close(service);

            service(true, Map.of());
            List<ConsumerRecord<byte[], byte[]>> all = reader.awaitAtLeast(2 * published.size(), TIMEOUT);
            Map<String, ConsumerRecord<byte[], byte[]>> debeziums = new LinkedHashMap<>();
            all.subList(0, published.size()).forEach(record -> debeziums.put(TopicReader.header(record, CloudEventHeaders.ID), record));
            for (ConsumerRecord<byte[], byte[]> byRelay : all.subList(published.size(), all.size())) {
                ConsumerRecord<byte[], byte[]> byCdc = debeziums.get(TopicReader.header(byRelay, CloudEventHeaders.ID));
                assertThat(byCdc).isNotNull();
                assertThat(byCdc.key()).isEqualTo(byRelay.key());
                assertThat(byCdc.value()).isEqualTo(byRelay.value());
                assertThat(TopicReader.headers(byCdc)).isEqualTo(TopicReader.headers(byRelay));
                assertThat(byCdc.timestamp()).isEqualTo(byRelay.timestamp());
                assertThat(byCdc.partition()).isEqualTo(byRelay.partition());
            }
        }
    }

    /**
     * The switch of the guide, both ways, under a service that publishes all along: relay, then relay and Debezium
     * together until the relay has sent what came before the connector, then Debezium alone with the clean-up, then
     * Debezium and the relay together from a row Debezium is known to have sent, then the relay alone.
     */
    @Test
    void switchingFromTheRelayToDebeziumAndBackLosesNothingAndKeepsTheOrder() throws Exception {
        Map<String, String> relayOff = Map.of("karrot.kafka.outbox.cleanup.retention", "2s",
                "karrot.kafka.outbox.cleanup.interval", "500ms");
        try (TopicReader reader = new TopicReader(this.bootstrapServers, this.topic);
                Publisher publisher = new Publisher(service(true, Map.of()))) {
            publisher.awaitPublished(100, TIMEOUT);

            // relay -> Debezium: the connector first; the relay goes once it has sent every row older than the slot
            int firstOverlapFrom = publisher.published();
            DebeziumRelay debezium = debezium();
            long beforeConnector = maxId();
            publisher.awaitPublished(publisher.published() + 100, TIMEOUT);
            await().atMost(TIMEOUT).until(() -> rows("id <= " + beforeConnector) == 0);
            OutboxService relayOffService = service(false, relayOff);
            close(publisher.switchTo(relayOffService));
            int relayOffFrom = publisher.published();
            int firstOverlapTo = relayOffFrom;
            publisher.awaitPublished(relayOffFrom + 300, TIMEOUT);
            await("the clean-up deletes what Debezium read").atMost(TIMEOUT)
                .until(() -> rows("1 = 1") < publisher.published() - relayOffFrom);

            // Debezium -> relay: rows up to one that Debezium has sent are deleted, then the relay starts, then
            // the connector stops
            int secondOverlapFrom = publisher.published();
            long sentByDebezium = maxId();
            String lastEvent = new JdbcTemplate(this.database.dataSource()).queryForObject("SELECT event_id FROM "
                    + this.schema + ".karrot_outbox WHERE id = ?", String.class, sentByDebezium);
            await().atMost(TIMEOUT).until(() -> reader.readFor(Duration.ofMillis(200)).stream()
                .anyMatch(record -> lastEvent.equals(TopicReader.header(record, CloudEventHeaders.ID))));
            new JdbcTemplate(this.database.dataSource()).update("DELETE FROM " + this.schema
                    + ".karrot_outbox WHERE id <= ?", sentByDebezium);
            close(publisher.switchTo(service(true, Map.of())));
            publisher.awaitPublished(publisher.published() + 100, TIMEOUT);
            close(debezium);
            int secondOverlapTo = publisher.published();
            publisher.awaitPublished(publisher.published() + 100, TIMEOUT);
            publisher.close();

            await().atMost(TIMEOUT).until(() -> rows("1 = 1") == 0);
            List<String> published = publisher.eventIds();
            await().atMost(TIMEOUT).until(() -> reader.readFor(Duration.ofMillis(200)).stream()
                .map(record -> TopicReader.header(record, CloudEventHeaders.ID))
                .distinct()
                .count() >= published.size());
            List<ConsumerRecord<byte[], byte[]>> records = reader.readFor(Duration.ofSeconds(2));
            List<String> received = records.stream().map(record -> TopicReader.header(record, CloudEventHeaders.ID))
                .toList();
            assertThat(received).as("nothing lost").containsAll(published);
            assertThat(Set.copyOf(received)).as("nothing but what was published").hasSameSizeAs(published);
            assertInOrderPerItem(firstOccurrences(records));
            Set<String> once = new HashSet<>();
            List<Integer> duplicated = received.stream().filter(id -> !once.add(id)).map(published::indexOf).toList();
            assertThat(duplicated).as("duplicates only of events published while both relays ran")
                .allMatch(index -> (index >= firstOverlapFrom && index < firstOverlapTo)
                        || (index >= secondOverlapFrom && index < secondOverlapTo));
            System.out.printf("Switch relay -> Debezium -> relay: %d events published, %d records on the topic, "
                    + "%d duplicates; both relays ran while %d and %d events were published; Debezium sent %d%n",
                    published.size(), records.size(), duplicated.size(), firstOverlapTo - firstOverlapFrom,
                    secondOverlapTo - secondOverlapFrom, debezium.sent());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> firstOccurrences(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> seen = new HashSet<>();
        return records.stream().filter(record -> seen.add(TopicReader.header(record, CloudEventHeaders.ID))).toList();
    }

    private long maxId() {
        Long id = new JdbcTemplate(this.database.dataSource())
            .queryForObject("SELECT MAX(id) FROM " + this.schema + ".karrot_outbox", Long.class);
        return id != null ? id : 0;
    }

    private int rows(String condition) {
        return new JdbcTemplate(this.database.dataSource())
            .queryForObject("SELECT COUNT(*) FROM " + this.schema + ".karrot_outbox WHERE " + condition, Integer.class);
    }

    private void assertInOrderPerItem(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Integer>> sequences = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            int sequence = Integer.parseInt(value.replaceAll(".*\"sequence\":(\\d+).*", "$1"));
            sequences.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), key -> new ArrayList<>())
                .add(sequence);
        }
        sequences.forEach((item, seen) -> assertThat(seen).as(item).isSorted().doesNotHaveDuplicates());
    }

    private int outboxRows() {
        return new JdbcTemplate(this.database.dataSource())
            .queryForObject("SELECT COUNT(*) FROM " + this.schema + ".karrot_outbox", Integer.class);
    }

    private OutboxService service(boolean relay, Map<String, String> more) {
        OutboxService service = OutboxService.start(this.database.jdbcUrl(), this.schema, this.topic, relay,
                this.bootstrapServers, more);
        this.running.add(service);
        return service;
    }

    private DebeziumRelay debezium() throws Exception {
        DebeziumRelay relay = new DebeziumRelay(ConnectorConfiguration.fromGuide(this.database.connector(),
                this.database.connectorSettings(this.schema, this.name)), this.bootstrapServers);
        this.running.add(relay);
        relay.awaitStarted(TIMEOUT);
        await("the connector reads the log").atMost(TIMEOUT).until(() -> this.database.capturing(this.name));
        return relay;
    }

    private void close(AutoCloseable closeable) throws Exception {
        this.running.remove(closeable);
        closeable.close();
    }
}
