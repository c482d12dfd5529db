package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotOutboxEndpointAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class,
                KarrotOutboxAutoConfiguration.class, KarrotOutboxEndpointAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9",
                "spring.datasource.url=jdbc:h2:mem:outbox-endpoint-${random.uuid}",
                "karrot.kafka.outbox.relay.enabled=false", "management.endpoints.web.exposure.include=kafkaoutbox");

    @Test
    void endpointIsCreatedWhenExposed() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(OutboxEndpoint.class));
    }

    @Test
    void endpointIsNotCreatedWhenNotExposed() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .doesNotHaveBean(OutboxEndpoint.class));
    }

    @Test
    void endpointIsNotCreatedWhenTheOutboxIsDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.outbox.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxEndpoint.class));
    }

    @Test
    void outboxStartsWithoutActuator() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
            .run(context -> assertThat(context).hasSingleBean(KarrotEventPublisher.class)
                .doesNotHaveBean(OutboxEndpoint.class));
    }
}
