package com.karrot.kafka.streams;

import java.util.regex.Pattern;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Diagrams of real topologies built with {@link StreamsBuilder} (and one with the Processor API, for names the DSL
 * refuses), compared line by line; the colours at the end are checked once. Each expected diagram was also parsed
 * by Mermaid 11.
 */
class TopologyDiagramTest {

    private static final String CLASSES = """
                classDef topic fill:#fff3bf,stroke:#f08c00
                classDef source fill:#d3f9d8,stroke:#2f9e44
                classDef processor fill:#e7f5ff,stroke:#1c7ed6
                classDef sink fill:#ffe3e3,stroke:#e03131
                classDef store fill:#f3f0ff,stroke:#7048e8
                classDef globalStore fill:#e5dbff,stroke:#5f3dc4
            """;

    @Test
    void countIsOneSubTopologyFromTopicToTopicWithItsStore() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
            .groupByKey()
            .count(Materialized.as("order-counts"))
            .toStream()
            .to("order-counts-by-customer", Produced.with(Serdes.String(), Serdes.Long()));

        assertThat(TopologyDiagram.mermaid(builder.build().describe())).isEqualTo("""
                flowchart LR
                    topic_orders[/"orders"/]:::topic
                    topic_order_2Dcounts_2Dby_2Dcustomer[/"order-counts-by-customer"/]:::topic
                    subgraph subtopology_0["sub-topology 0"]
                        node_KSTREAM_2DSOURCE_2D0000000000(["KSTREAM-SOURCE-0000000000"]):::source
                        node_KSTREAM_2DAGGREGATE_2D0000000001["KSTREAM-AGGREGATE-0000000001"]:::processor
                        node_KTABLE_2DTOSTREAM_2D0000000002["KTABLE-TOSTREAM-0000000002"]:::processor
                        node_KSTREAM_2DSINK_2D0000000003>"KSTREAM-SINK-0000000003"]:::sink
                        store_order_2Dcounts[("order-counts")]:::store
                    end
                    topic_orders --> node_KSTREAM_2DSOURCE_2D0000000000
                    node_KSTREAM_2DSOURCE_2D0000000000 --> node_KSTREAM_2DAGGREGATE_2D0000000001
                    node_KSTREAM_2DAGGREGATE_2D0000000001 --> node_KTABLE_2DTOSTREAM_2D0000000002
                    node_KSTREAM_2DAGGREGATE_2D0000000001 -.- store_order_2Dcounts
                    node_KTABLE_2DTOSTREAM_2D0000000002 --> node_KSTREAM_2DSINK_2D0000000003
                    node_KSTREAM_2DSINK_2D0000000003 --> topic_order_2Dcounts_2Dby_2Dcustomer
                """ + CLASSES);
    }

    @Test
    void repartitionTopicJoinsTheSubTopologyThatWritesItToTheOneThatReadsIt() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
            .groupBy((customer, item) -> item, Grouped.with(Serdes.String(), Serdes.String()))
            .count(Materialized.as("counts-by-item"))
            .toStream()
            .to("item-counts", Produced.with(Serdes.String(), Serdes.Long()));

        assertThat(structure(builder.build())).isEqualTo("""
                flowchart LR
                    topic_orders[/"orders"/]:::topic
                    topic_counts_2Dby_2Ditem_2Drepartition[/"counts-by-item-repartition"/]:::topic
                    topic_item_2Dcounts[/"item-counts"/]:::topic
                    subgraph subtopology_0["sub-topology 0"]
                        node_KSTREAM_2DSOURCE_2D0000000000(["KSTREAM-SOURCE-0000000000"]):::source
                        node_KSTREAM_2DKEY_2DSELECT_2D0000000001["KSTREAM-KEY-SELECT-0000000001"]:::processor
                        node_counts_2Dby_2Ditem_2Drepartition_2Dfilter["counts-by-item-repartition-filter"]:::processor
                        node_counts_2Dby_2Ditem_2Drepartition_2Dsink>"counts-by-item-repartition-sink"]:::sink
                    end
                    subgraph subtopology_1["sub-topology 1"]
                        node_counts_2Dby_2Ditem_2Drepartition_2Dsource(["counts-by-item-repartition-source"]):::source
                        node_KSTREAM_2DAGGREGATE_2D0000000002["KSTREAM-AGGREGATE-0000000002"]:::processor
                        node_KTABLE_2DTOSTREAM_2D0000000006["KTABLE-TOSTREAM-0000000006"]:::processor
                        node_KSTREAM_2DSINK_2D0000000007>"KSTREAM-SINK-0000000007"]:::sink
                        store_counts_2Dby_2Ditem[("counts-by-item")]:::store
                    end
                    topic_orders --> node_KSTREAM_2DSOURCE_2D0000000000
                    node_KSTREAM_2DSOURCE_2D0000000000 --> node_KSTREAM_2DKEY_2DSELECT_2D0000000001
                    node_KSTREAM_2DKEY_2DSELECT_2D0000000001 --> node_counts_2Dby_2Ditem_2Drepartition_2Dfilter
                    node_counts_2Dby_2Ditem_2Drepartition_2Dfilter --> node_counts_2Dby_2Ditem_2Drepartition_2Dsink
                    node_counts_2Dby_2Ditem_2Drepartition_2Dsink --> topic_counts_2Dby_2Ditem_2Drepartition
                    topic_counts_2Dby_2Ditem_2Drepartition --> node_counts_2Dby_2Ditem_2Drepartition_2Dsource
                    node_counts_2Dby_2Ditem_2Drepartition_2Dsource --> node_KSTREAM_2DAGGREGATE_2D0000000002
                    node_KSTREAM_2DAGGREGATE_2D0000000002 --> node_KTABLE_2DTOSTREAM_2D0000000006
                    node_KSTREAM_2DAGGREGATE_2D0000000002 -.- store_counts_2Dby_2Ditem
                    node_KTABLE_2DTOSTREAM_2D0000000006 --> node_KSTREAM_2DSINK_2D0000000007
                    node_KSTREAM_2DSINK_2D0000000007 --> topic_item_2Dcounts
                """);
    }

    @Test
    void streamTableJoinSharesTheTablesStoreBetweenTheTableAndTheJoin() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> customers = builder.table("customers", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.as("customers-store"));
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
            .join(customers, (order, customer) -> order + " by " + customer)
            .to("enriched-orders");

        assertThat(structure(builder.build())).isEqualTo("""
                flowchart LR
                    topic_customers[/"customers"/]:::topic
                    topic_orders[/"orders"/]:::topic
                    topic_enriched_2Dorders[/"enriched-orders"/]:::topic
                    subgraph subtopology_0["sub-topology 0"]
                        node_KSTREAM_2DSOURCE_2D0000000000(["KSTREAM-SOURCE-0000000000"]):::source
                        node_KSTREAM_2DSOURCE_2D0000000002(["KSTREAM-SOURCE-0000000002"]):::source
                        node_KTABLE_2DSOURCE_2D0000000001["KTABLE-SOURCE-0000000001"]:::processor
                        node_KSTREAM_2DJOIN_2D0000000003["KSTREAM-JOIN-0000000003"]:::processor
                        node_KSTREAM_2DSINK_2D0000000004>"KSTREAM-SINK-0000000004"]:::sink
                        store_customers_2Dstore[("customers-store")]:::store
                    end
                    topic_customers --> node_KSTREAM_2DSOURCE_2D0000000000
                    node_KSTREAM_2DSOURCE_2D0000000000 --> node_KTABLE_2DSOURCE_2D0000000001
                    topic_orders --> node_KSTREAM_2DSOURCE_2D0000000002
                    node_KSTREAM_2DSOURCE_2D0000000002 --> node_KSTREAM_2DJOIN_2D0000000003
                    node_KTABLE_2DSOURCE_2D0000000001 -.- store_customers_2Dstore
                    node_KSTREAM_2DJOIN_2D0000000003 --> node_KSTREAM_2DSINK_2D0000000004
                    node_KSTREAM_2DJOIN_2D0000000003 -.- store_customers_2Dstore
                    node_KSTREAM_2DSINK_2D0000000004 --> topic_enriched_2Dorders
                """);
    }

    @Test
    void globalTableIsASubgraphOfItsOwnWithAGlobalStore() {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalKTable<String, String> countries = builder.globalTable("countries",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("countries-store"));
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
            .join(countries, (key, order) -> key, (order, country) -> order + " to " + country)
            .to("orders-with-country");

        assertThat(structure(builder.build())).isEqualTo("""
                flowchart LR
                    topic_countries[/"countries"/]:::topic
                    topic_orders[/"orders"/]:::topic
                    topic_orders_2Dwith_2Dcountry[/"orders-with-country"/]:::topic
                    subgraph subtopology_0["sub-topology 0: global store"]
                        node_KSTREAM_2DSOURCE_2D0000000000(["KSTREAM-SOURCE-0000000000"]):::source
                        node_KTABLE_2DSOURCE_2D0000000001["KTABLE-SOURCE-0000000001"]:::processor
                        store_countries_2Dstore[["countries-store"]]:::globalStore
                    end
                    subgraph subtopology_1["sub-topology 1"]
                        node_KSTREAM_2DSOURCE_2D0000000002(["KSTREAM-SOURCE-0000000002"]):::source
                        node_KSTREAM_2DLEFTJOIN_2D0000000003["KSTREAM-LEFTJOIN-0000000003"]:::processor
                        node_KSTREAM_2DSINK_2D0000000004>"KSTREAM-SINK-0000000004"]:::sink
                    end
                    topic_countries --> node_KSTREAM_2DSOURCE_2D0000000000
                    node_KSTREAM_2DSOURCE_2D0000000000 --> node_KTABLE_2DSOURCE_2D0000000001
                    node_KTABLE_2DSOURCE_2D0000000001 -.- store_countries_2Dstore
                    topic_orders --> node_KSTREAM_2DSOURCE_2D0000000002
                    node_KSTREAM_2DSOURCE_2D0000000002 --> node_KSTREAM_2DLEFTJOIN_2D0000000003
                    node_KSTREAM_2DLEFTJOIN_2D0000000003 --> node_KSTREAM_2DSINK_2D0000000004
                    node_KSTREAM_2DSINK_2D0000000004 --> topic_orders_2Dwith_2Dcountry
                """);
    }

    @Test
    void namesAreEscapedInIdsAndLabelsAndPatternAndDynamicTopicsAreNamedForWhatTheyAre() {
        Topology topology = new Topology();
        topology.addSource("read \"all\" <events> #1", Pattern.compile("events-.*"));
        topology.addSink("route_by_key", (key, value, context) -> "out-" + key, "read \"all\" <events> #1");

        assertThat(structure(topology)).isEqualTo("""
                flowchart LR
                    pattern_events_2D_2E_2A[/"topics matching events-.*"/]:::topic
                    extractor_route__by__key[/"topic chosen at run time by route_by_key"/]:::topic
                    subgraph subtopology_0["sub-topology 0"]
                        node_read_20_22all_22_20_3Cevents_3E_20_231(["read #quot;all#quot; #lt;events#gt; #35;1"]):::source
                        node_route__by__key>"route_by_key"]:::sink
                    end
                    pattern_events_2D_2E_2A --> node_read_20_22all_22_20_3Cevents_3E_20_231
                    node_read_20_22all_22_20_3Cevents_3E_20_231 --> node_route__by__key
                    node_route__by__key --> extractor_route__by__key
                """);
    }

    @Test
    void sameDescriptionGivesTheSameText() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("a").filter((key, value) -> true).to("b");
        Topology topology = builder.build();

        assertThat(TopologyDiagram.mermaid(topology.describe())).isEqualTo(TopologyDiagram.mermaid(topology.describe()));
    }

    private static String structure(Topology topology) {
        String diagram = TopologyDiagram.mermaid(topology.describe());
        assertThat(diagram).endsWith(CLASSES);
        return diagram.substring(0, diagram.length() - CLASSES.length());
    }
}
