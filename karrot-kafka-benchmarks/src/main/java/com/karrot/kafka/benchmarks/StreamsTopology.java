package com.karrot.kafka.benchmarks;

import java.nio.ByteBuffer;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.streams.KarrotSerdes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The topology both Streams applications of the benchmark run, the same code: the {@code ITEM_SOLD} events of the
 * input topic (others filtered out), grouped by region (through a repartition topic), counted and their prices
 * summed in a state store, every change of a region's totals written to the output topic as a
 * {@link SalesCounted} event. Events are read and written with {@link KarrotSerdes}.
 */
final class StreamsTopology {

    /** The name of the grouping, which names the repartition topic. */
    static final String GROUPING = "sales-by-region";

    /** The name of the state store, which names the changelog topic. */
    static final String STORE = "region-totals";

    private StreamsTopology() {
    }

    /**
     * Adds the topology to a builder.
     * @return the stream of the input topic
     */
    static KStream<String, ItemSold> define(StreamsBuilder builder, KarrotSerdes serdes, String input, String output) {
        KStream<String, ItemSold> events = builder.stream(input, Consumed.with(Serdes.String(),
                serdes.event(ItemSold.class)));
        events.filter((item, sold) -> sold != null)
            .groupBy((item, sold) -> sold.region(), Grouped.with(GROUPING, Serdes.String(), serdes.event(ItemSold.class)))
            .aggregate(RegionTotals::none, (region, sold, totals) -> totals.add(sold.priceCents()),
                    Materialized.<String, RegionTotals, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(RegionTotals.SERDE))
            .toStream()
            .mapValues((region, totals) -> new SalesCounted(region, totals.sales(), totals.priceCents()))
            .to(output, Produced.with(Serdes.String(), serdes.event(SalesCounted.class)));
        return events;
    }

    /**
     * The totals of a region in the state store, 16 bytes.
     * @param sales events counted
     * @param priceCents their prices summed
     */
    record RegionTotals(long sales, long priceCents) {

        static final Serde<RegionTotals> SERDE = Serdes.serdeFrom(
                (topic, totals) -> totals == null ? null
                        : ByteBuffer.allocate(16).putLong(totals.sales).putLong(totals.priceCents).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new RegionTotals(buffer.getLong(), buffer.getLong());
                });

        static RegionTotals none() {
            return new RegionTotals(0, 0);
        }

        RegionTotals add(long price) {
            return new RegionTotals(this.sales + 1, this.priceCents + price);
        }
    }

    /**
     * The output event: a region's totals so far.
     * @param region the region, the aggregate
     * @param sales events counted
     * @param priceCents their prices summed
     */
    @EventType(value = "SALES_COUNTED", aggregateType = "region")
    record SalesCounted(@AggregateId String region, long sales, long priceCents) {
    }

    /**
     * The auto-configured application: Spring Boot's and the starter's auto-configuration, the topology as a
     * {@code @Bean}, as a service declares it. The benchmark starts the Streams factory bean itself
     * ({@code spring.kafka.streams.auto-startup=false}), so that its clock leaves out building the context.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        KStream<String, ItemSold> salesByRegion(StreamsBuilder builder, KarrotSerdes serdes,
                @Value("${bench.input}") String input, @Value("${bench.output}") String output) {
            return define(builder, serdes, input, output);
        }
    }
}
