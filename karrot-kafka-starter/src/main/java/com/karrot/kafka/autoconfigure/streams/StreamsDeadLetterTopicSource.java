package com.karrot.kafka.autoconfigure.streams;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.karrot.kafka.listener.dlq.DeadLetterTopicSource;
import com.karrot.kafka.streams.StreamsDeadLetters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** The dead-letter topics of the topology, for the {@code kafkadlq} endpoint, known once the topology is built. */
final class StreamsDeadLetterTopicSource implements DeadLetterTopicSource {

    private final StreamsBuilderFactoryBean factoryBean;

    private final StreamsProperties properties;

    StreamsDeadLetterTopicSource(StreamsBuilderFactoryBean factoryBean, StreamsProperties properties) {
        this.factoryBean = factoryBean;
        this.properties = properties;
    }

    @Override
    public Map<String, Set<String>> deadLetterTopics() {
        Topology topology = this.factoryBean.getTopology();
        Properties config = this.factoryBean.getStreamsConfiguration();
        if (topology == null || config == null) {
            return Map.of();
        }
        StreamsDeadLetters deadLetters = new StreamsDeadLetters(
                String.valueOf(config.get(StreamsConfig.APPLICATION_ID_CONFIG)),
                this.properties.getDeadLetter().getTopic(), this.properties.getDeadLetter().getTopicSuffix());
        return deadLetters.topicsOf(topology.describe());
    }
}
