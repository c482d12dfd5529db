package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotDeadLetterEndpointAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class, KarrotListenerAutoConfiguration.class,
                KarrotDeadLetterEndpointAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.application.name=search")
        .withBean(KarrotListenerRegistrarCustomizer.class, () -> builder -> builder.adminConfig(null));

    @Test
    void endpointExistsOnlyWhenExposed() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(DeadLetterQueue.class)
            .doesNotHaveBean(DeadLetterEndpoint.class));
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=kafkadlq")
            .run(context -> assertThat(context).hasSingleBean(DeadLetterEndpoint.class));
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=kafkadlq",
                "management.endpoint.kafkadlq.access=NONE")
            .run(context -> assertThat(context).doesNotHaveBean(DeadLetterEndpoint.class));
    }

    @Test
    void endpointIsNotCreatedWhenListenersAreDisabled() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=kafkadlq",
                "karrot.kafka.listener.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DeadLetterEndpoint.class));
    }

    @Test
    void deadLetterQueueStaysWithoutActuator() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=kafkadlq")
            .withClassLoader(new FilteredClassLoader(Endpoint.class))
            .run(context -> assertThat(context).hasSingleBean(DeadLetterQueue.class)
                .doesNotHaveBean(DeadLetterEndpoint.class));
    }
}
