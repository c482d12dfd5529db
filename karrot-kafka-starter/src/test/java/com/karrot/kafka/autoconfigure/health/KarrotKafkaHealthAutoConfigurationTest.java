package com.karrot.kafka.autoconfigure.health;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotKafkaHealthAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KarrotKafkaHealthAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9");

    @Test
    void healthIndicatorIsCreatedByDefault() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(KafkaClusterHealthIndicator.class)
            .hasBean("kafkaHealthIndicator"));
    }

    @Test
    void healthIndicatorIsNotCreatedWhenDisabled() {
        this.contextRunner.withPropertyValues("management.health.kafka.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(KafkaClusterHealthIndicator.class));
    }

    @Test
    void healthIndicatorIsNotCreatedWithoutKafkaAutoConfiguration() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KarrotKafkaHealthAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(KafkaClusterHealthIndicator.class));
    }

    @Test
    void userHealthIndicatorWins() {
        this.contextRunner.withUserConfiguration(UserHealthConfiguration.class).run(context -> {
            assertThat(context).doesNotHaveBean(KafkaClusterHealthIndicator.class);
            assertThat(context.getBean("kafkaHealthIndicator", HealthIndicator.class).health())
                .isEqualTo(Health.up().withDetail("mine", true).build());
        });
    }

    @Test
    void timeoutIsBoundFromProperties() {
        this.contextRunner.withPropertyValues("karrot.kafka.health.timeout=750ms").run(context -> {
            long started = System.nanoTime();
            Health health = context.getBean(KafkaClusterHealthIndicator.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        });
    }

    @Test
    void nonPositiveTimeoutFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.health.timeout=0s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.health.timeout"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserHealthConfiguration {

        @Bean
        HealthIndicator kafkaHealthIndicator() {
            return () -> Health.up().withDetail("mine", true).build();
        }
    }
}
