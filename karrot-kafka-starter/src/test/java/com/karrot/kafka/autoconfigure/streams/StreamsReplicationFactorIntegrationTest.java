package com.karrot.kafka.autoconfigure.streams;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the shared broker, a cluster of one: internal topics get one replica when no replication factor is set, and a
 * factor that is set is kept. Kafka Streams is not started; the factor is settled when the topology is built.
 */
class StreamsReplicationFactorIntegrationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class,
                KarrotStreamsAutoConfiguration.class, KafkaAutoConfiguration.class))
        .withUserConfiguration(KarrotStreamsAutoConfigurationTest.Topology.class)
        .withPropertyValues("spring.kafka.bootstrap-servers=" + SharedKafkaBroker.bootstrapServers(),
                "spring.application.name=replication-it", "spring.kafka.streams.auto-startup=false");

    @Test
    void internalTopicsHaveOneReplicaOnAOneBrokerClusterWhenNoFactorIsSet() {
        this.runner.run(context -> assertThat(replicationFactor(context)).isEqualTo("1"));
    }

    @Test
    void aFactorSetAnywhereIsKept() {
        for (String setting : new String[] { "karrot.kafka.streams.replication-factor=-1",
                "spring.kafka.streams.replication-factor=-1", "karrot.kafka.streams.properties.replication.factor=-1",
                "spring.kafka.streams.properties.replication.factor=-1" }) {
            this.runner.withPropertyValues(setting)
                .run(context -> assertThat(replicationFactor(context)).as(setting).isEqualTo("-1"));
        }
    }

    private static String replicationFactor(ApplicationContext context) {
        return String.valueOf(context.getBean(StreamsBuilderFactoryBean.class)
            .getStreamsConfiguration()
            .get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
    }
}
