package com.karrot.kafka.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaLoggingDefaultsTest {

    @Test
    void brokerLoggersAtErrorAndClientsAtWarnByDefault() {
        StandardEnvironment environment = new StandardEnvironment();

        new KafkaLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.kafka")).isEqualTo("ERROR");
        assertThat(environment.getProperty("logging.level.state.change.logger")).isEqualTo("ERROR");
        assertThat(environment.getProperty("logging.level.org.apache.kafka.controller")).isEqualTo("ERROR");
        assertThat(environment.getProperty("logging.level.org.apache.kafka")).isEqualTo("WARN");
    }

    @Test
    void levelsTheApplicationSetsWin() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources()
            .addFirst(new MapPropertySource("application", Map.of("logging.level.org.apache.kafka", "INFO")));

        new KafkaLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.org.apache.kafka")).isEqualTo("INFO");
        assertThat(environment.getProperty("logging.level.kafka")).isEqualTo("ERROR");
    }

    @Test
    void appliedToSpringBootApplicationsWithTheKitOnTheirClassPath() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run()) {
            assertThat(context.getEnvironment().getProperty("logging.level.kafka")).isEqualTo("ERROR");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
