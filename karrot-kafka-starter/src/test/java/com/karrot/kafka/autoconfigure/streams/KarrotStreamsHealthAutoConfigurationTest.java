package com.karrot.kafka.autoconfigure.streams;

import java.time.Clock;

import com.karrot.kafka.streams.StreamsStateHistory;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Streams health and endpoint beans exist, without a broker: no factory bean here is started. */
class KarrotStreamsHealthAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, EndpointAutoConfiguration.class,
                KarrotStreamsHealthAutoConfiguration.class, KarrotStreamsEndpointAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.kafka.streams.application-id=idle",
                "spring.kafka.streams.auto-startup=false", "management.endpoints.web.exposure.include=kafkastreams",
                "management.health.kafka-streams-readiness.enabled=true");

    @Test
    void healthAndEndpointAreThereWithAStreamsFactoryBean() {
        this.contextRunner.withUserConfiguration(IdleTopology.class)
            .run(context -> assertThat(context).hasBean("kafkaStreamsHealthContributor")
                .hasBean("kafkaStreamsReadinessHealthContributor")
                .hasSingleBean(StreamsEndpoint.class));
    }

    @Test
    void factoryBeanThatIsNotAutoStartedIsUnknownInBothIndicators() {
        this.contextRunner.withUserConfiguration(IdleTopology.class).run(context -> {
            for (String name : new String[] { "kafkaStreamsHealthContributor", "kafkaStreamsReadinessHealthContributor" }) {
                Health health = context.getBean(name, HealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
                assertThat(health.getDetails()).containsEntry("state", "CREATED")
                    .containsEntry("reason", "not started: auto-startup is off");
            }
        });
    }

    @Test
    void severalFactoryBeansGiveOneEntryEachNamedAfterTheBean() {
        this.contextRunner.withUserConfiguration(IdleTopology.class, SecondFactoryBean.class).run(context -> {
            HealthContributor contributor = context.getBean("kafkaStreamsHealthContributor", HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
            assertThat(composite.getContributor("defaultKafkaStreamsBuilder")).isInstanceOf(HealthIndicator.class);
            assertThat(composite.getContributor("auditStreamsBuilder")).isInstanceOf(HealthIndicator.class);
            assertThat(context.getBean(StreamsEndpoint.class).clients().clients()).containsOnlyKeys(
                    "auditStreamsBuilder", "defaultKafkaStreamsBuilder");
        });
    }

    @Test
    void theReadinessIndicatorIsThereOnlyWhenAskedFor() {
        this.contextRunner.withUserConfiguration(IdleTopology.class)
            .withPropertyValues("management.health.kafka-streams-readiness.enabled=false")
            .run(context -> assertThat(context).hasBean("kafkaStreamsHealthContributor")
                .doesNotHaveBean("kafkaStreamsReadinessHealthContributor"));
    }

    @Test
    void nothingIsThereWithoutAStreamsFactoryBean() {
        this.contextRunner.run(context -> assertThat(context).doesNotHaveBean("kafkaStreamsHealthContributor")
            .doesNotHaveBean(StreamsEndpoint.class));
    }

    @Test
    void healthIsSwitchedOffWithItsManagementProperty() {
        this.contextRunner.withUserConfiguration(IdleTopology.class)
            .withPropertyValues("management.health.kafka-streams.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean("kafkaStreamsHealthContributor")
                .doesNotHaveBean("kafkaStreamsReadinessHealthContributor")
                .hasSingleBean(StreamsEndpoint.class));
    }

    @Test
    void endpointIsNotThereWhenNotExposed() {
        this.contextRunner.withUserConfiguration(IdleTopology.class)
            .withPropertyValues("management.endpoints.web.exposure.include=health")
            .run(context -> assertThat(context).doesNotHaveBean(StreamsEndpoint.class));
    }

    @Test
    void streamsStartWithoutActuatorAndHaveHealthButNoEndpoint() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                    KarrotStreamsHealthAutoConfiguration.class, KarrotStreamsEndpointAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.kafka.streams.application-id=idle",
                    "spring.kafka.streams.auto-startup=false")
            .withUserConfiguration(IdleTopology.class)
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .run(context -> assertThat(context).hasNotFailed()
                .hasBean("kafkaStreamsHealthContributor")
                .doesNotHaveBean(StreamsEndpoint.class));
    }

    @Test
    void starterStartsWithoutKafkaStreams() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.kafka.streams"))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StreamsEndpoint.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafkaStreams
    static class IdleTopology {

        @Bean
        KStream<String, String> idle(@Qualifier("defaultKafkaStreamsBuilder") StreamsBuilder builder) {
            KStream<String, String> stream = builder.stream("idle-input");
            stream.to("idle-output");
            return stream;
        }

        @Bean
        StreamsBuilderFactoryBeanConfigurer stateHistory() {
            return factoryBean -> {
                StreamsStateHistory history = new StreamsStateHistory(Clock.systemUTC());
                factoryBean.setStateListener(history);
                factoryBean.addListener(history);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondFactoryBean {

        @Bean
        StreamsBuilderFactoryBean auditStreamsBuilder(KafkaStreamsConfiguration defaultKafkaStreamsConfig) {
            StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean(defaultKafkaStreamsConfig);
            factoryBean.setAutoStartup(false);
            return factoryBean;
        }
    }
}
