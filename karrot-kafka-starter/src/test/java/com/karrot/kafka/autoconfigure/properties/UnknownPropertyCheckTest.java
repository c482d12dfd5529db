package com.karrot.kafka.autoconfigure.properties;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Unknown {@code karrot.kafka.*} keys fail start-up, checked against the configuration metadata. */
class UnknownPropertyCheckTest {

    private final UnknownPropertyCheck check = new UnknownPropertyCheck();

    @Test
    void misspeltKeyFailsNamingItAndTheNearestKnownOne() {
        assertThatExceptionOfType(UnknownPropertyException.class)
            .isThrownBy(() -> check(Map.of("karrot.kafka.listner.concurrency", "2")))
            .satisfies(ex -> {
                assertThat(ex.property()).isEqualTo("karrot.kafka.listner.concurrency");
                assertThat(ex.nearest()).isEqualTo("karrot.kafka.listener.concurrency");
                FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(ex);
                assertThat(analysis.getDescription()).contains("karrot.kafka.listner.concurrency", "test");
                assertThat(analysis.getAction()).contains("Did you mean karrot.kafka.listener.concurrency?",
                        "karrot.kafka.validate-properties=false");
            });
    }

    @Test
    void knownKeysMapKeysListEntriesAndEnvironmentVariablesPass() {
        assertThatNoException().isThrownBy(() -> check(Map.of("karrot.kafka.listener.concurrency", "2",
                "karrot.kafka.outbox.topics.item", "marketplace.item",
                "karrot.kafka.listener.retry.non-retryable-exceptions[0]", "java.lang.IllegalStateException",
                "karrot.kafka.listener.retry.maxAttempts", "4", "other.karrot.kafka.anything", "x")));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env",
                Map.of("KARROT_KAFKA_LISTENER_RETRY_MAXATTEMPTS", "4", "KARROT_KAFKA_HEALTH_TIMEOUT", "3s")));
        assertThatNoException().isThrownBy(() -> this.check.check(environment, getClass().getClassLoader()));
    }

    @Test
    void valueOfTheWrongTypeFailsNamingTheProperty() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> check(Map.of("karrot.kafka.lag.enabled", "maybe")))
            .satisfies(ex -> assertThat(ex.getName()).hasToString("karrot.kafka.lag.enabled"));
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> check(Map.of("karrot.kafka.outbox.jdbc.initialize-schema", "sometimes")))
            .satisfies(ex -> assertThat(ex.getName()).hasToString("karrot.kafka.outbox.jdbc.initialize-schema"));
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> check(Map.of("karrot.kafka.outbox.relay.poll-interval", "soon")))
            .satisfies(ex -> assertThat(ex.getName()).hasToString("karrot.kafka.outbox.relay.poll-interval"));
    }

    @Test
    void valuesOfTheRightTypePass() {
        assertThatNoException().isThrownBy(() -> check(Map.of("karrot.kafka.lag.enabled", "FALSE",
                "karrot.kafka.outbox.jdbc.initialize-schema", "always", "karrot.kafka.listener.inbox.mode", "BATCH",
                "karrot.kafka.outbox.max-payload-size", "2MB", "karrot.kafka.listener.inbox.retention", "7d",
                "karrot.kafka.lag.allowed-lag", "-1")));
    }

    @Test
    void checkCanBeSwitchedOff() {
        assertThatNoException().isThrownBy(() -> check(Map.of("karrot.kafka.listner.concurrency", "2",
                "karrot.kafka.validate-properties", "false")));
    }

    @Test
    void applicationWithAMisspeltKeyDoesNotStart() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatExceptionOfType(UnknownPropertyException.class)
            .isThrownBy(() -> application.run("--karrot.kafka.outbox.relay.bach-size=10"))
            .withMessageContaining("did you mean karrot.kafka.outbox.relay.batch-size?");
    }

    @Test
    void misspeltConsoleSwitchFailsNamingTheConsoleProperty() {
        assertThatExceptionOfType(UnknownPropertyException.class)
            .isThrownBy(() -> check(Map.of("karrot.kafka.consle.enabled", "true")))
            .satisfies(ex -> assertThat(ex.nearest()).isEqualTo("karrot.kafka.console.enabled"));
    }

    private void check(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        this.check.check(environment, getClass().getClassLoader());
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
