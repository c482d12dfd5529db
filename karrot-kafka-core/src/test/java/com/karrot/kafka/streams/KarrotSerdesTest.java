package com.karrot.kafka.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KarrotSerdesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final KarrotSerdes serdes = new KarrotSerdes(new JsonEventSerializer(JSON),
            new EventDeserializers(List.of(new JsonEventDeserializer(JSON))), "/sales-service",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsTheRecordsOfItsTypeAndGivesNullForTheOthersWithoutParsingThem() {
        Serde<Sold> serde = this.serdes.event(Sold.class);
        Sold read = serde.deserializer().deserialize("items", headers("SOLD"), bytes("{\"itemId\":\"i-1\",\"price\":5}"));
        assertThat(read).isEqualTo(new Sold("i-1", 5));
        assertThat(serde.deserializer().deserialize("items", headers("CREATED"), bytes("not json at all"))).isNull();
        assertThat(serde.deserializer().deserialize("items", headers("SOLD"), (byte[]) null)).isNull();
    }

    @Test
    void aRecordOfItsTypeThatCannotBeReadFailsWithTheTypeAndTopic() {
        Serde<Sold> serde = this.serdes.event(Sold.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("items", headers("SOLD"), bytes("{\"itemId\":")))
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("cannot read SOLD from items");
    }

    @Test
    void severalTypesAreReadAsTheirClassesAndARecordWithoutTypeCannotBeTold() {
        Serde<Object> serde = this.serdes.events(Sold.class, Counted.class);
        assertThat(serde.deserializer().deserialize("t", headers("COUNTED"), bytes("{\"key\":\"k\",\"count\":2}")))
            .isEqualTo(new Counted("k", 2));
        assertThat(serde.deserializer().deserialize("t", headers("OTHER"), bytes("{}"))).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new RecordHeaders(), bytes("{}")))
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("no ce_type header");
    }

    @Test
    void anEventOfTheInputsTypeKeepsItsEnvelope() {
        Headers headers = headers("SOLD");
        headers.add(CloudEventHeaders.ID, bytes("id-1"));
        headers.add(CloudEventHeaders.SOURCE, bytes("/item-service"));
        headers.add(CloudEventHeaders.TRACEPARENT, bytes("00-abc-def-01"));
        byte[] written = this.serdes.event(Sold.class).serializer().serialize("items-copy", headers, new Sold("i-1", 5));
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("{\"itemId\":\"i-1\",\"price\":5}");
        assertThat(header(headers, CloudEventHeaders.ID)).isEqualTo("id-1");
        assertThat(header(headers, CloudEventHeaders.SOURCE)).isEqualTo("/item-service");
        assertThat(header(headers, CloudEventHeaders.TRACEPARENT)).isEqualTo("00-abc-def-01");
        assertThat(header(headers, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void anEventOfANewTypeGetsANewEnvelopeWithAnIdThatAReprocessedInputGivesAgain() {
        Headers first = inputOf("id-1");
        this.serdes.event(Counted.class).serializer().serialize("counts", first, new Counted("hood-1", 3));
        assertThat(header(first, CloudEventHeaders.TYPE)).isEqualTo("COUNTED");
        assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo("hood-1");
        assertThat(header(first, CloudEventHeaders.AGGREGATE_TYPE)).isEqualTo("neighborhood");
        assertThat(header(first, CloudEventHeaders.SOURCE)).isEqualTo("/sales-service");
        assertThat(header(first, CloudEventHeaders.TIME)).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(header(first, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(first, CloudEventHeaders.TRACEPARENT)).isEqualTo("00-abc-def-01");
        assertThat(header(first, CloudEventHeaders.ID)).isNotEqualTo("id-1");
        assertThat(first.headers(CloudEventHeaders.ID)).hasSize(1);

        Headers again = inputOf("id-1");
        this.serdes.event(Counted.class).serializer().serialize("counts", again, new Counted("hood-1", 3));
        assertThat(header(again, CloudEventHeaders.ID)).isEqualTo(header(first, CloudEventHeaders.ID));

        Headers otherInput = inputOf("id-2");
        this.serdes.event(Counted.class).serializer().serialize("counts", otherInput, new Counted("hood-1", 3));
        assertThat(header(otherInput, CloudEventHeaders.ID)).isNotEqualTo(header(first, CloudEventHeaders.ID));

        Headers otherCount = inputOf("id-1");
        this.serdes.event(Counted.class).serializer().serialize("counts", otherCount, new Counted("hood-1", 4));
        assertThat(header(otherCount, CloudEventHeaders.ID)).isNotEqualTo(header(first, CloudEventHeaders.ID));
    }

    @Test
    void withoutHeadersThePayloadAloneIsWrittenAndReadAsTheClass() {
        Serde<Counted> serde = this.serdes.event(Counted.class);
        byte[] written = serde.serializer().serialize("store-changelog", new Counted("hood-1", 3));
        assertThat(serde.deserializer().deserialize("store-changelog", written)).isEqualTo(new Counted("hood-1", 3));
    }

    @Test
    void aClassWithoutEventTypeIsRefused() {
        assertThatThrownBy(() -> this.serdes.event(String.class)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("java.lang.String declares no event type");
    }

    private static Headers inputOf(String eventId) {
        Headers headers = headers("SOLD");
        headers.add(CloudEventHeaders.ID, bytes(eventId));
        headers.add(CloudEventHeaders.TRACEPARENT, bytes("00-abc-def-01"));
        return headers;
    }

    private static Headers headers(String eventType) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, bytes(eventType));
        headers.add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json"));
        return headers;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @EventType(value = "SOLD", aggregateType = "item")
    record Sold(@AggregateId String itemId, long price) {
    }

    @EventType(value = "COUNTED", aggregateType = "neighborhood")
    record Counted(@AggregateId String key, long count) {
    }
}
