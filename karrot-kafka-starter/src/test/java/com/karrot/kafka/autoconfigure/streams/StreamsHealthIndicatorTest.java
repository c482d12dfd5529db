package com.karrot.kafka.autoconfigure.streams;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.karrot.kafka.autoconfigure.streams.StreamsHealthIndicator.Kind;
import com.karrot.kafka.streams.StreamsStateHistory;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/** The states table of the docs, driven through the history as Kafka Streams drives it. */
class StreamsHealthIndicatorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final StreamsStateHistory history = new StreamsStateHistory(Clock.fixed(NOW, ZoneOffset.UTC));

    private final StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean();

    private final StreamsClient client = new StreamsClient("defaultKafkaStreamsBuilder", this.factoryBean);

    @ParameterizedTest
    @CsvSource({ "REBALANCING, UP, OUT_OF_SERVICE", "RUNNING, UP, UP", "PENDING_SHUTDOWN, DOWN, OUT_OF_SERVICE",
            "NOT_RUNNING, DOWN, OUT_OF_SERVICE", "PENDING_ERROR, DOWN, DOWN", "ERROR, DOWN, DOWN" })
    void stateGivesTheStatusOfEachKind(State state, String health, String readiness) {
        this.factoryBean.addListener(this.history);
        this.history.onChange(state, State.CREATED);

        Health stateHealth = new StreamsHealthIndicator(this.client, Kind.STATE).health();
        assertThat(stateHealth.getStatus()).isEqualTo(new Status(health));
        assertThat(stateHealth.getDetails()).containsEntry("state", state.name()).containsEntry("since", NOW);
        assertThat(new StreamsHealthIndicator(this.client, Kind.READINESS).health().getStatus())
            .isEqualTo(new Status(readiness));
    }

    @Test
    void factoryBeanNotStartedYetIsUnknown() {
        this.factoryBean.addListener(this.history);

        Health health = new StreamsHealthIndicator(this.client, Kind.STATE).health();

        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails()).containsEntry("reason", "not started yet");
    }

    @Test
    void factoryBeanWithoutHistoryOrClientIsUnknown() {
        Health health = new StreamsHealthIndicator(this.client, Kind.STATE).health();

        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails()).containsEntry("reason", "not running");
    }

    @Test
    void restoringStoresAreShownWhileRebalancing() {
        this.factoryBean.addListener(this.history);
        this.history.onChange(State.REBALANCING, State.CREATED);
        this.history.onRestoreStart(new TopicPartition("app-counts-changelog", 0), "counts", 0, 100);

        Health health = new StreamsHealthIndicator(this.client, Kind.STATE).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKey("restoring");
    }
}
