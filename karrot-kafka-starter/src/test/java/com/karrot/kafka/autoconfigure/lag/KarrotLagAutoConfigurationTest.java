package com.karrot.kafka.autoconfigure.lag;

import java.time.Duration;
import java.util.regex.Pattern;

import com.karrot.kafka.lag.ConsumerLagReader;
import com.karrot.kafka.lag.EndOffset;
import com.karrot.kafka.lag.LagSettings;
import com.karrot.kafka.lag.TopicMonitor;
import com.karrot.kafka.lag.TopicSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotLagAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                KarrotLagAutoConfiguration.class, KarrotLagEndpointAutoConfiguration.class,
                KarrotLagHealthAutoConfiguration.class, KarrotLagMetricsAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "karrot.kafka.lag.timeout=500ms",
                "management.endpoints.web.exposure.include=kafkalag,kafkatopics",
                "karrot.kafka.lag.health.groups=payments");

    @Test
    void everyPartIsCreatedByDefault() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(ConsumerLagReader.class)
            .hasSingleBean(TopicMonitor.class)
            .hasSingleBean(LagRefresher.class)
            .hasSingleBean(LagEndpoint.class)
            .hasSingleBean(TopicsEndpoint.class)
            .hasBean("kafkaLagHealthIndicator")
            .hasSingleBean(LagMeters.class));
    }

    @Test
    void nothingIsCreatedWhenLagIsDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.lag.enabled=false")
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ConsumerLagReader.class)
                .doesNotHaveBean(LagRefresher.class)
                .doesNotHaveBean(LagEndpoint.class)
                .doesNotHaveBean("kafkaLagHealthIndicator")
                .doesNotHaveBean(LagMeters.class));
    }

    @Test
    void nothingIsCreatedWithoutKafkaAutoConfiguration() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KarrotLagAutoConfiguration.class,
                    KarrotLagEndpointAutoConfiguration.class, KarrotLagHealthAutoConfiguration.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsumerLagReader.class)
                .doesNotHaveBean(LagEndpoint.class));
    }

    @Test
    void endpointsAreNotCreatedWhenNotExposed() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
            .run(context -> assertThat(context).hasSingleBean(ConsumerLagReader.class)
                .doesNotHaveBean(LagEndpoint.class)
                .doesNotHaveBean(TopicsEndpoint.class));
    }

    @Test
    void healthIsNotCreatedWithoutWatchedGroups() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KarrotLagAutoConfiguration.class,
                    KarrotLagHealthAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9")
            .run(context -> assertThat(context).hasSingleBean(ConsumerLagReader.class)
                .doesNotHaveBean("kafkaLagHealthIndicator"));
    }

    @Test
    void healthIsNotCreatedWhenItsIndicatorIsDisabled() {
        this.contextRunner.withPropertyValues("management.health.kafkalag.enabled=false")
            .run(context -> assertThat(context).hasSingleBean(ConsumerLagReader.class)
                .doesNotHaveBean("kafkaLagHealthIndicator"));
    }

    @Test
    void lagStartsWithoutActuatorOrHealth() {
        this.contextRunner
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                    "org.springframework.boot.health.contributor"))
            .run(context -> assertThat(context).hasSingleBean(ConsumerLagReader.class)
                .hasSingleBean(LagMeters.class)
                .doesNotHaveBean(LagEndpoint.class)
                .doesNotHaveBean("kafkaLagHealthIndicator"));
    }

    @Test
    void lagStartsWithoutMicrometer() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .run(context -> assertThat(context).hasSingleBean(ConsumerLagReader.class)
                .hasSingleBean(LagEndpoint.class)
                .doesNotHaveBean(LagMeters.class));
    }

    @Test
    void unreachableClusterGivesA503AndUnknownHealthWithinTheTimeout() {
        this.contextRunner.run(context -> {
            long started = System.nanoTime();
            WebEndpointResponse<Object> response = context.getBean(LagEndpoint.class).groups();
            assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
            assertThat(response.getBody()).asString().contains("did not answer");
            Health health = context.getBean("kafkaLagHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo("UNKNOWN");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        });
    }

    @Test
    void propertiesAreMappedOntoTheReaderSettings() {
        this.contextRunner.withPropertyValues("karrot.kafka.lag.refresh-interval=15s", "karrot.kafka.lag.window-size=5",
                "karrot.kafka.lag.allowed-lag=3", "karrot.kafka.lag.time-lag-points=20",
                "karrot.kafka.lag.end-offset=last-stable-offset", "karrot.kafka.lag.groups.include=orders-.*",
                "karrot.kafka.lag.groups.exclude=orders-test", "karrot.kafka.lag.topics.exclude=tmp\\..*")
            .run(context -> {
                LagProperties properties = context.getBean(LagProperties.class);
                LagSettings settings = properties.lagSettings();
                assertThat(settings.samplingInterval()).isEqualTo(Duration.ofSeconds(15));
                assertThat(settings.windowSize()).isEqualTo(5);
                assertThat(settings.allowedLag()).isEqualTo(3);
                assertThat(settings.timeLagPoints()).isEqualTo(20);
                assertThat(settings.endOffset()).isEqualTo(EndOffset.LAST_STABLE_OFFSET);
                assertThat(settings.includeGroups().pattern()).isEqualTo("orders-.*");
                assertThat(settings.excludeGroups()).hasToString("orders-test");
                assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
                TopicSettings topics = properties.topicSettings();
                assertThat(topics.excludeTopics()).hasToString("tmp\\..*");
                assertThat(topics.timeout()).isEqualTo(Duration.ofMillis(500));
            });
    }

    @Test
    void defaultsEqualTheReaderDefaults() {
        LagProperties properties = new LagProperties();
        LagSettings defaults = LagSettings.builder().build();
        assertThat(properties.lagSettings()).usingRecursiveComparison()
            .withComparatorForType((a, b) -> a.pattern().compareTo(b.pattern()), Pattern.class)
            .isEqualTo(defaults);
        assertThat(properties.topicSettings()).usingRecursiveComparison()
            .withComparatorForType((a, b) -> a.pattern().compareTo(b.pattern()), Pattern.class)
            .isEqualTo(TopicSettings.DEFAULTS);
    }

    @Test
    void wrongValuesFailStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.lag.groups.include=orders-(")
            .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("karrot.kafka.lag.groups.include"));
        this.contextRunner.withPropertyValues("karrot.kafka.lag.refresh-interval=0s")
            .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("karrot.kafka.lag.refresh-interval"));
    }
}
