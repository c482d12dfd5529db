package com.karrot.kafka.autoconfigure.streams;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Streams health of a real topology on the shared broker: UP and ready while it runs; DOWN with the processor's
 * exception once that exception has shut the client down (ERROR); DOWN and not ready once stopped (NOT_RUNNING).
 */
class StreamsHealthIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(KafkaAutoConfiguration.class, KarrotStreamsAutoConfiguration.class,
                        KarrotStreamsHealthAutoConfiguration.class))
        .withUserConfiguration(ItemCountTopology.class)
        .withPropertyValues(ItemCountTopology.properties(this.suffix).toArray(String[]::new));

    @Test
    void healthIsUpAndReadyWhileRunningAndDownOnceStopped() throws Exception {
        ItemCountTopology.createTopics(this.suffix);
        this.contextRunner.run(context -> {
            HealthIndicator health = context.getBean("kafkaStreamsHealthContributor", HealthIndicator.class);
            HealthIndicator readiness = context.getBean("kafkaStreamsReadinessHealthContributor",
                    HealthIndicator.class);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(readiness.health().getStatus()).isEqualTo(Status.UP));
            Health up = health.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("state", "RUNNING").containsKey("since");
            assertThat(threads(up)).hasSize(1).containsValue("RUNNING");
            assertThat(up.getDetails()).doesNotContainKey("lastFailure");

            context.getBean(StreamsBuilderFactoryBean.class).stop();

            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("state", "NOT_RUNNING").doesNotContainKey("threads");
            assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void healthIsDownWithTheCauseWhenAProcessingExceptionShutsTheClientDown() throws Exception {
        ItemCountTopology.createTopics(this.suffix);
        this.contextRunner.run(context -> {
            HealthIndicator health = context.getBean("kafkaStreamsHealthContributor", HealthIndicator.class);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(health.health().getDetails()).containsEntry("state", "RUNNING"));

            ItemCountTopology.sell(this.suffix, "customer-1", "poison-pill");

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(health.health().getDetails()).containsEntry("state", "ERROR"));
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("lastFailure")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("exception", IllegalStateException.class.getName())
                .containsEntry("message", "cannot count item poison-pill")
                .containsKey("at");
            assertThat(context.getBean("kafkaStreamsReadinessHealthContributor", HealthIndicator.class)
                .health()
                .getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> threads(Health health) {
        return (Map<String, String>) health.getDetails().get("threads");
    }
}
