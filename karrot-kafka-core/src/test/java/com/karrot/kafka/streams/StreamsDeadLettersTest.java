package com.karrot.kafka.streams;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsDeadLettersTest {

    private final StreamsDeadLetters perTopic = new StreamsDeadLetters("sales", null, ".dlq");

    @Test
    void eachSourceTopicHasItsOwnAndInternalTopicsTheApplications() {
        assertThat(this.perTopic.topicFor("marketplace.item")).isEqualTo("marketplace.item.dlq");
        assertThat(this.perTopic.topicFor("sales-by-neighborhood-repartition")).isEqualTo("sales.dlq");
        assertThat(this.perTopic.topicFor("sales-counts-changelog")).isEqualTo("sales.dlq");
        assertThat(this.perTopic.topicFor("sales-orders")).as("a topic named like the application is still its own")
            .isEqualTo("sales-orders.dlq");
        assertThat(this.perTopic.topicFor(null)).isEqualTo("sales.dlq");
        assertThat(new StreamsDeadLetters("sales", "all.bad", ".dlq").topicFor("marketplace.item")).isEqualTo("all.bad");
    }

    @Test
    void theTopologysDeadLetterTopicsNameTheirSourceTopicsButNotInternalOnes() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("marketplace.item", Consumed.with(Serdes.String(), Serdes.String()))
            .groupBy((key, value) -> value, Grouped.with("by-value", Serdes.String(), Serdes.String()))
            .count(Materialized.as("counts"));
        builder.globalTable("marketplace.user", Consumed.with(Serdes.String(), Serdes.String()));
        Map<String, Set<String>> topics = this.perTopic.topicsOf(builder.build().describe());
        assertThat(topics).containsOnly(Map.entry("marketplace.item.dlq", Set.of("marketplace.item")),
                Map.entry("sales.dlq", Set.of()), Map.entry("marketplace.user.dlq", Set.of("marketplace.user")));
    }
}
