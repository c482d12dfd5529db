package com.karrot.kafka.serde;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.InvalidEventException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MimeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seam both ways: JSON written by the outbox's serializer, read back by the deserializer its content type picks. */
class EventDeserializersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventDeserializers deserializers = new EventDeserializers(
            List.of(new JsonEventDeserializer(JSON), new PipeSeparated()));

    @Test
    void whatTheJsonSerializerWritesIsReadBackByItsContentType() {
        ItemSold sold = new ItemSold("item-1", 12_000);
        SerializedEvent serialized = new JsonEventSerializer(JSON).serialize(sold, EventDescriptor.of(sold), "items",
                new HashMap<>());

        assertThat(serialized.contentType()).isEqualTo("application/json");
        assertThat(new String(serialized.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"itemId\":\"item-1\",\"price\":12000}");
        assertThat(this.deserializers.deserialize(serialized.payload(), ItemSold.class, "items",
                Map.of("content-type", serialized.contentType()))).isEqualTo(sold);
    }

    @Test
    void aTopicThatMixesFormatsIsReadRecordByRecord() {
        byte[] json = "{\"itemId\":\"item-1\",\"price\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] piped = "item-2|2".getBytes(StandardCharsets.UTF_8);

        assertThat(this.deserializers.deserialize(json, ItemSold.class, "items",
                Map.of("content-type", "application/json; charset=utf-8"))).isEqualTo(new ItemSold("item-1", 1));
        assertThat(this.deserializers.deserialize(piped, ItemSold.class, "items", Map.of("content-type", "text/x-piped")))
            .isEqualTo(new ItemSold("item-2", 2));
    }

    @Test
    void recordsWithoutContentTypeAreReadAsJsonAndJsonSuffixesToo() {
        byte[] json = "{\"itemId\":\"item-1\",\"price\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(this.deserializers.deserialize(json, ItemSold.class, "items", Map.of())).isEqualTo(new ItemSold("item-1", 1));
        assertThat(this.deserializers.deserialize(json, ItemSold.class, "items",
                Map.of("content-type", "application/vnd.karrot.item+json"))).isEqualTo(new ItemSold("item-1", 1));
    }

    @Test
    void unknownOrMalformedContentTypesFailWithTheReason() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.deserializers.deserialize(new byte[] { 0 }, ItemSold.class, "items",
                    Map.of("content-type", "application/avro")))
            .withMessage("no event deserializer reads content-type application/avro (known: JsonEventDeserializer, PipeSeparated)");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.deserializers.deserialize(new byte[] { 0 }, ItemSold.class, "items",
                    Map.of("content-type", "not a type")))
            .withMessageStartingWith("malformed content-type 'not a type'");
    }

    @Test
    void anEventJacksonCannotWriteIsRefusedAtPublishTime() {
        Unwritable event = new Unwritable("x");
        assertThatThrownBy(() -> new JsonEventSerializer(JSON).serialize(event, EventDescriptor.of(event), "items",
                new HashMap<>()))
            .isInstanceOf(InvalidEventException.class)
            .hasMessageContaining("cannot serialise " + Unwritable.class.getName() + " to JSON");
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId, long price) {
    }

    @EventType(value = "UNWRITABLE", aggregateType = "item")
    record Unwritable(@AggregateId String itemId) {

        public Object getSelf() {
            return this;
        }
    }

    /** A second format, to show records of one topic read by content type. */
    static final class PipeSeparated implements EventDeserializer {

        @Override
        public boolean reads(MimeType contentType) {
            return contentType.equalsTypeAndSubtype(MimeType.valueOf("text/x-piped"));
        }

        @Override
        public <T> T deserialize(byte[] payload, Class<T> type, String topic, Map<String, String> headers) {
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
            return type.cast(new ItemSold(parts[0], Long.parseLong(parts[1])));
        }
    }
}
