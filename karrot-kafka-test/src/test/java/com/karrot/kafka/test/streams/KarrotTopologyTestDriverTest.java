package com.karrot.kafka.test.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.test.streams.SalesCounting.ItemCreated;
import com.karrot.kafka.test.streams.SalesCounting.ItemSold;
import com.karrot.kafka.test.streams.SalesCounting.SalesCounted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KarrotTopologyTestDriverTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    private KarrotTopologyTestDriver driver;

    @BeforeEach
    void startDriver() {
        this.driver = KarrotTopologyTestDriver.builder()
            .applicationId("sales-counter")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build(SalesCounting::define);
    }

    @AfterEach
    void closeDriver() {
        this.driver.close();
    }

    @Test
    void countsSalesPerNeighborhood() {
        this.driver.publish(new ItemSold("item-1", "gangnam", 120_000));
        this.driver.publish(new ItemSold("item-2", "mapo", 30_000));
        this.driver.publish(new ItemSold("item-3", "gangnam", 8_000));

        assertThat(this.driver.events(SalesCounting.SALES, SalesCounted.class)).containsExactly(
                new SalesCounted("gangnam", 1), new SalesCounted("mapo", 1), new SalesCounted("gangnam", 2));
        this.driver.assertThatTopic(SalesCounting.SALES)
            .hasEventOfType(SalesCounted.class)
            .withKey("gangnam")
            .withHeader(CloudEventHeaders.SOURCE, "/sales-counter")
            .withHeader(CloudEventHeaders.TIME, NOW.toString())
            .matching(SalesCounted.class, counted -> counted.sales() == 2)
            .hasCount(1);
        KeyValueStore<String, Long> store = this.driver.driver().getKeyValueStore("sales-by-neighborhood");
        assertThat(store.get("gangnam")).isEqualTo(2L);
    }

    @Test
    void poisonRecordLandsInTheDeadLetterTopicAndLaterRecordsAreCounted() {
        byte[] poison = "{\"itemId\": \"item-9\", \"neighborhood\": ".getBytes(StandardCharsets.UTF_8);
        this.driver.publish(new ItemSold("item-1", "gangnam", 120_000));
        this.driver.publishBytes(SalesCounting.ITEMS, "item-9", poison,
                Map.of(CloudEventHeaders.TYPE, "ITEM_SOLD", CloudEventHeaders.CONTENT_TYPE, "application/json"));
        this.driver.publish(new ItemSold("item-2", "gangnam", 8_000));

        assertThat(this.driver.deadLetterTopicOf(SalesCounting.ITEMS)).isEqualTo("marketplace.item.dlq");
        this.driver.assertThatDeadLettersOf(SalesCounting.ITEMS)
            .hasDeadLetter()
            .withValue(poison)
            .withKey("item-9")
            .withHeader(CloudEventHeaders.TYPE, "ITEM_SOLD")
            .withHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC, SalesCounting.ITEMS)
            .withHeader("kafka_dlt-streams-failure", "deserialization")
            .withException(SerializationException.class)
            .fromGroup("sales-counter")
            .hasCount(1);
        assertThat(this.driver.events(SalesCounting.SALES, SalesCounted.class)).containsExactly(
                new SalesCounted("gangnam", 1), new SalesCounted("gangnam", 2));
    }

    @Test
    void recordWhoseProcessingFailsLandsInTheDeadLetterTopicWithItsOriginalBytes() {
        this.driver.publish(new ItemSold("item-1", "gangnam", -1));
        this.driver.publish(new ItemSold("item-2", "gangnam", 8_000));

        ConsumerRecord<byte[], byte[]> deadLetter = this.driver.assertThatDeadLettersOf(SalesCounting.ITEMS)
            .hasDeadLetter()
            .withKey("item-1")
            .withHeader("kafka_dlt-streams-failure", "processing")
            .withException(IllegalArgumentException.class)
            .hasCount(1)
            .records()
            .get(0);
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).contains("\"price\":-1");
        assertThat(this.driver.events(SalesCounting.SALES, SalesCounted.class))
            .containsExactly(new SalesCounted("gangnam", 1));
    }

    @Test
    void eventOfAnotherTypeIsSkipped() {
        this.driver.publish(new ItemCreated("item-1", "gangnam"));
        this.driver.publish(new ItemSold("item-1", "gangnam", 120_000));

        assertThat(this.driver.events(SalesCounting.SALES, SalesCounted.class))
            .containsExactly(new SalesCounted("gangnam", 1));
        assertThat(this.driver.records(this.driver.deadLetterTopicOf(SalesCounting.ITEMS))).isEmpty();
    }

    @Test
    void publishedEventCarriesTheEnvelopeOfAnUpstreamService() {
        try (KarrotTopologyTestDriver passThrough = KarrotTopologyTestDriver.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build((builder, serdes) -> builder.stream("in", Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to("out", Produced.with(Serdes.String(), Serdes.ByteArray())))) {
            passThrough.publish("in", new ItemSold("item-1", "gangnam", 120_000));

            List<ConsumerRecord<byte[], byte[]>> records = passThrough.records("out");
            assertThat(records).hasSize(1);
            ConsumerRecord<byte[], byte[]> record = records.get(0);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("item-1");
            assertThat(record.timestamp()).isEqualTo(NOW.toEpochMilli());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("ITEM_SOLD");
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo("item-1");
            assertThat(header(record, CloudEventHeaders.AGGREGATE_TYPE)).isEqualTo("item");
            assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo(NOW.toString());
            assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
            assertThat(header(record, CloudEventHeaders.SOURCE)).isNotBlank();
            assertThat(passThrough.events("out", ItemSold.class))
                .containsExactly(new ItemSold("item-1", "gangnam", 120_000));
        }
    }

    @Test
    void failedAssertionSaysWhatTheTopologyWrote() {
        this.driver.publish(new ItemSold("item-1", "gangnam", 120_000));
        this.driver.publish(new ItemSold("item-2", "gangnam", 8_000));

        assertThatThrownBy(() -> this.driver.assertThatTopic(SalesCounting.SALES)
            .hasEventOfType(SalesCounted.class)
            .withKey("jongno"))
            .isInstanceOf(AssertionError.class)
            .hasMessage("Expecting topic \"marketplace.sales\" to receive an event of type \"SALES_COUNTED\" "
                    + "with key \"jongno\" among the records given, but it received 2 records:\n"
                    + "  type SALES_COUNTED, key gangnam (2 records)");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }
}
