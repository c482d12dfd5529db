package com.karrot.marketplace.sales;

import com.karrot.kafka.streams.KarrotSerdes;
import com.karrot.marketplace.events.ItemSold;
import com.karrot.marketplace.events.NeighborhoodSales;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

/**
 * Counts the items sold and sums their prices per neighborhood from the {@code ITEM_SOLD} events of
 * {@code marketplace.item}, into the state store {@value #STORE} (read by {@link SalesController}) and, as
 * {@code NEIGHBORHOOD_SALES_CHANGED} events, onto the neighborhood topic. Declaring the {@link KStream} bean is all
 * it takes: the starter runs it exactly once, sends records it cannot read or process to
 * {@code marketplace.item.dlq}, and shows it in the {@code kafkaStreams} health and the {@code kafkastreams}
 * endpoint.
 */
@Configuration(proxyBeanMethods = false)
class SalesTopology {

    /** The state store of the sales per neighborhood. */
    static final String STORE = "sales-per-neighborhood";

    private static final String UNKNOWN = "unknown";

    @Bean
    KStream<String, ItemSold> salesPerNeighborhood(StreamsBuilder builder, KarrotSerdes serdes,
            @Value("${karrot.kafka.outbox.topics.neighborhood}") String neighborhoodTopic) {
        KStream<String, ItemSold> sold = builder
            .stream("marketplace.item", Consumed.with(Serdes.String(), serdes.event(ItemSold.class)).withName("item-events"))
            .filter((itemId, sale) -> sale != null, Named.as("item-sold-only"));
        sold.groupBy((itemId, sale) -> sale.neighborhood() != null ? sale.neighborhood() : UNKNOWN,
                Grouped.with("by-neighborhood", Serdes.String(), serdes.event(ItemSold.class)))
            .aggregate(() -> new NeighborhoodSales(UNKNOWN, 0, 0),
                    (neighborhood, sale, sales) -> sales.plus(neighborhood, sale.price()), Named.as("count-and-sum"),
                    // in memory, rebuilt from its changelog at start-up: the sample carries no RocksDB
                    Materialized.<String, NeighborhoodSales>as(Stores.inMemoryKeyValueStore(STORE))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new JacksonJsonSerde<>(NeighborhoodSales.class).noTypeInfo()))
            .toStream(Named.as("sales-changes"))
            .to(neighborhoodTopic, Produced.with(Serdes.String(), serdes.event(NeighborhoodSales.class))
                .withName("neighborhood-events"));
        return sold;
    }
}
