package com.karrot.kafka.test.streams;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.streams.KarrotSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/** The topology under test: counts the items sold per neighborhood, as the marketplace sample does. */
final class SalesCounting {

    static final String ITEMS = "marketplace.item";

    static final String SALES = "marketplace.sales";

    private SalesCounting() {
    }

    static void define(StreamsBuilder builder, KarrotSerdes serdes) {
        builder.stream(ITEMS, Consumed.with(Serdes.String(), serdes.event(ItemSold.class)))
            .filter((itemId, sold) -> sold != null)
            .mapValues(sold -> {
                if (sold.price() < 0) {
                    throw new IllegalArgumentException("negative price " + sold.price() + " of item " + sold.itemId());
                }
                return sold;
            })
            .groupBy((itemId, sold) -> sold.neighborhood(), Grouped.with(Serdes.String(), serdes.event(ItemSold.class)))
            .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("sales-by-neighborhood")
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
            .toStream()
            .mapValues((neighborhood, sales) -> new SalesCounted(neighborhood, sales))
            .to(SALES, Produced.with(Serdes.String(), serdes.event(SalesCounted.class)));
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item", topic = ITEMS)
    record ItemSold(@AggregateId String itemId, String neighborhood, long price) {
    }

    @EventType(value = "ITEM_CREATED", aggregateType = "item", topic = ITEMS)
    record ItemCreated(@AggregateId String itemId, String neighborhood) {
    }

    @EventType(value = "SALES_COUNTED", aggregateType = "neighborhood")
    record SalesCounted(@AggregateId String neighborhood, long sales) {
    }
}
