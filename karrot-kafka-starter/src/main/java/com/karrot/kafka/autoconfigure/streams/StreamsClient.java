package com.karrot.kafka.autoconfigure.streams;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.karrot.kafka.streams.StreamsStateHistory;
import org.apache.kafka.streams.KafkaStreams;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * One Streams factory bean under its bean name, as health and the endpoint read it: its state comes from the
 * {@link StreamsStateHistory} installed on it, which outlives a stop, else from its running client.
 */
record StreamsClient(String name, StreamsBuilderFactoryBean factoryBean) {

    /** Every Streams factory bean of the context, by bean name (without the factory prefix {@code &}). */
    static Map<String, StreamsClient> all(ListableBeanFactory beanFactory) {
        Map<String, StreamsClient> clients = new TreeMap<>();
        beanFactory.getBeansOfType(StreamsBuilderFactoryBean.class).forEach((beanName, factoryBean) -> {
            String name = BeanFactoryUtils.transformedBeanName(beanName);
            clients.put(name, new StreamsClient(name, factoryBean));
        });
        return clients;
    }

    Optional<StreamsStateHistory.Snapshot> history() {
        return StreamsStateHistory.of(this.factoryBean).map(StreamsStateHistory::snapshot);
    }

    @Nullable KafkaStreams kafkaStreams() {
        return this.factoryBean.getKafkaStreams();
    }

    /** The client's state, or {@code null} when there is no history and no client (not started, or stopped). */
    KafkaStreams.@Nullable State state(Optional<StreamsStateHistory.Snapshot> history) {
        if (history.isPresent()) {
            return history.get().state();
        }
        KafkaStreams streams = kafkaStreams();
        return (streams != null) ? streams.state() : null;
    }
}
