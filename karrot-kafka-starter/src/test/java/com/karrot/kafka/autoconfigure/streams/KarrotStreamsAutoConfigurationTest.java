package com.karrot.kafka.autoconfigure.streams;

import java.util.Properties;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.streams.KarrotSerdes;
import com.karrot.kafka.streams.StateStoreQueries;
import com.karrot.kafka.streams.StreamsStateHistory;
import com.karrot.kafka.streams.internal.DeserializationErrors;
import com.karrot.kafka.streams.internal.ProcessingErrors;
import com.karrot.kafka.streams.internal.ProductionErrors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What the Streams auto-configuration applies to the factory bean, which settings win, and which bad values stop
 * start-up. The factory bean is not started (no broker needed).
 */
@ExtendWith(OutputCaptureExtension.class)
class KarrotStreamsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KarrotStreamsAutoConfiguration.class,
                KafkaAutoConfiguration.class))
        .withPropertyValues("spring.application.name=orders", "spring.kafka.streams.auto-startup=false");

    /**
     * The replication factor is left out: unset, it depends on the cluster the context reaches (1 on a cluster of one
     * broker, which this JVM may have started for another test), see {@code StreamsReplicationFactorIntegrationTest}.
     */
    @Test
    void aTopologyBeanSwitchesStreamsOnWithProductionDefaults() {
        this.runner.withUserConfiguration(Topology.class).run(context -> {
            Properties config = context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration();
            assertThat(config).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "orders")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L * 1024 * 1024)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0)
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationErrors.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrors.class)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionErrors.class)
                .doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
            StreamsBuilderFactoryBean factoryBean = context.getBean(StreamsBuilderFactoryBean.class);
            assertThat(StreamsStateHistory.of(factoryBean)).isPresent();
            assertThat(factoryBean.getStreamsUncaughtExceptionHandler()).isNotNull();
            assertThat(context).hasSingleBean(KarrotSerdes.class).hasSingleBean(StateStoreQueries.class)
                .hasSingleBean(StreamsDeadLetterTopicSource.class);
        });
    }

    @Test
    void springBootsSettingBeatsAKarrotDefaultAndAnExplicitKarrotSettingBeatsSpringBoots() {
        this.runner.withUserConfiguration(Topology.class)
            .withPropertyValues("spring.kafka.streams.properties.processing.guarantee=at_least_once",
                    "spring.kafka.streams.properties.num.stream.threads=4",
                    "karrot.kafka.streams.threads=2", "karrot.kafka.streams.commit-interval=2s",
                    "karrot.kafka.streams.properties.num.standby.replicas=1")
            .run(context -> assertThat(context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 2000L)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1"));
    }

    @Test
    void withoutATopologyThereIsNoStreamsBuilder() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(StreamsBuilderFactoryBean.class));
    }

    @Test
    void switchedOffItLeavesSpringKafkasStreamsAsItIs() {
        this.runner.withUserConfiguration(Topology.class, EnabledByHand.class)
            .withPropertyValues("karrot.kafka.streams.enabled=false")
            .run(context -> {
                assertThat(context).doesNotHaveBean(KarrotSerdes.class);
                assertThat(context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration())
                    .doesNotContainKey(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)
                    .doesNotContainKey(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG);
            });
    }

    @Test
    void badValuesFailStartUpNamingTheProperty() {
        this.runner.withUserConfiguration(Topology.class).withPropertyValues("karrot.kafka.streams.threads=0")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("karrot.kafka.streams.threads"));
        this.runner.withUserConfiguration(Topology.class)
            .withPropertyValues("karrot.kafka.streams.replication-factor=0")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.streams.replication-factor"));
        this.runner.withUserConfiguration(Topology.class)
            .withPropertyValues("karrot.kafka.streams.dead-letter.topic=bad topic!")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.streams.dead-letter.topic"));
        this.runner.withUserConfiguration(Topology.class)
            .withPropertyValues("karrot.kafka.streams.errors.processing=retry-forever")
            .run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("karrot.kafka.streams.errors.processing"));
        this.runner.withUserConfiguration(Topology.class)
            .withPropertyValues("karrot.kafka.streams.uncaught-exception=restart")
            .run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("karrot.kafka.streams.uncaught-exception"));
    }

    @Test
    void withoutAnApplicationIdStartUpFailsNamingBothProperties() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class,
                KarrotStreamsAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withPropertyValues("spring.kafka.streams.auto-startup=false")
            .withUserConfiguration(Topology.class)
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessage("Property spring.kafka.streams.application-id with value 'null' is invalid: This property "
                        + "is mandatory and fallback 'spring.application.name' is not set either."));
    }

    // what a person starting the service reads: Spring Boot's analysis of the exception above
    @Test
    void withoutAnApplicationIdTheFailureAnalysisSaysWhatToSet(CapturedOutput output) {
        SpringApplication application = new SpringApplication(WithoutApplicationId.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatException().isThrownBy(() -> application.run("--spring.kafka.streams.auto-startup=false"));

        assertThat(output).contains("APPLICATION FAILED TO START",
                "Invalid value 'null' for configuration property 'spring.kafka.streams.application-id'",
                "This property is mandatory and fallback 'spring.application.name' is not set either.", "Action:");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ KarrotSerdeAutoConfiguration.class, KarrotStreamsAutoConfiguration.class,
            KafkaAutoConfiguration.class })
    @Import(Topology.class)
    static class WithoutApplicationId {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafkaStreams
    static class EnabledByHand {
    }

    @Configuration(proxyBeanMethods = false)
    static class Topology {

        @Bean
        KStream<String, String> orders(StreamsBuilder builder) {
            KStream<String, String> orders = builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()));
            orders.to("orders-copy");
            return orders;
        }
    }
}
