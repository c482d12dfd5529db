package com.karrot.kafka.autoconfigure.console;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotConsoleAutoConfigurationTest {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotConsoleAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=kafkaconsole");

    @Test
    void consoleIsOffByDefault() {
        this.contextRunner.run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(ConsoleEndpoint.class)
            .doesNotHaveBean(ConsoleProperties.class));
    }

    @Test
    void consoleIsServedWhenEnabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.console.enabled=true")
            .run(context -> {
                assertThat(context).hasSingleBean(ConsoleEndpoint.class);
                assertThat(context.getBean(ConsoleProperties.class).isEnabled()).isTrue();
            });
    }

    @Test
    void consoleIsNotServedWhenDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.console.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(ConsoleEndpoint.class));
    }

    @Test
    void enabledConsoleIsNotCreatedWhenItsEndpointIsNotExposed() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(KarrotConsoleAutoConfiguration.class))
            .withPropertyValues("karrot.kafka.console.enabled=true")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsoleEndpoint.class));
        this.contextRunner.withPropertyValues("karrot.kafka.console.enabled=true",
                "management.endpoint.kafkaconsole.access=NONE")
            .run(context -> assertThat(context).doesNotHaveBean(ConsoleEndpoint.class));
    }

    @Test
    void consoleIsNotCreatedOutsideAWebApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KarrotConsoleAutoConfiguration.class))
            .withPropertyValues("karrot.kafka.console.enabled=true",
                    "management.endpoints.web.exposure.include=kafkaconsole")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsoleEndpoint.class));
    }

    @Test
    void applicationStartsWithoutActuatorAndWithoutConsole() {
        this.contextRunner.withPropertyValues("karrot.kafka.console.enabled=true")
            .withClassLoader(new FilteredClassLoader(Endpoint.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsoleEndpoint.class));
    }

    @Test
    void serviceConsoleEndpointReplacesOurs() {
        ConsoleEndpoint own = new ConsoleEndpoint();
        this.contextRunner.withPropertyValues("karrot.kafka.console.enabled=true")
            .withBean(ConsoleEndpoint.class, () -> own)
            .run(context -> assertThat(context).getBean(ConsoleEndpoint.class).isSameAs(own));
    }
}
