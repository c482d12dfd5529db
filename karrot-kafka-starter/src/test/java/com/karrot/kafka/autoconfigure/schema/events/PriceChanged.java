package com.karrot.kafka.autoconfigure.schema.events;

import java.util.Objects;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * An Avro event as avro-maven-plugin would generate it with {@code javaAnnotation}s, written by hand and kept to
 * what Avro needs.
 */
@EventType(value = "PRICE_CHANGED", aggregateType = "item")
public class PriceChanged extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"PriceChanged\","
            + "\"namespace\":\"com.karrot.kafka.autoconfigure.schema.events\",\"fields\":["
            + "{\"name\":\"itemId\",\"type\":\"string\"},{\"name\":\"price\",\"type\":\"long\"}]}");

    @AggregateId
    private CharSequence itemId = "";

    private long price;

    public PriceChanged() {
    }

    public PriceChanged(String itemId, long price) {
        this.itemId = itemId;
        this.price = price;
    }

    public String itemId() {
        return this.itemId.toString();
    }

    public long price() {
        return this.price;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> this.itemId;
            case 1 -> this.price;
            default -> throw new IndexOutOfBoundsException("PriceChanged has no field " + field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> this.itemId = Objects.requireNonNull((CharSequence) value);
            case 1 -> this.price = (Long) value;
            default -> throw new IndexOutOfBoundsException("PriceChanged has no field " + field);
        }
    }
}
