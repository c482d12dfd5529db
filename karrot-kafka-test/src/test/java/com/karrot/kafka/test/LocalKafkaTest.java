package com.karrot.kafka.test;

import java.util.Map;

import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaTest {

    @Test
    void applicationRunWithLocalKafkaTalksToTheSharedBrokerAndRegistry() throws Exception {
        try (ConfigurableApplicationContext context = SpringApplication.from(App::main)
            .with(LocalKafka.class)
            .run("--spring.kafka.bootstrap-servers=elsewhere:9092")
            .getApplicationContext()) {
            String servers = context.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            assertThat(servers).isEqualTo(SharedKafkaBroker.bootstrapServers());
            assertThat(context.getEnvironment().getProperty("karrot.kafka.schema.registry.url"))
                .isEqualTo(InMemorySchemaRegistry.shared().url());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
        }
    }

    @Test
    void applicationRunWithoutItKeepsItsOwnSettings() {
        try (ConfigurableApplicationContext context = SpringApplication.from(App::main)
            .run("--spring.kafka.bootstrap-servers=elsewhere:9092")
            .getApplicationContext()) {
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo("elsewhere:9092");
            assertThat(context.getEnvironment().getPropertySources()
                .contains(LocalKafkaEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {

        static void main(String[] args) {
            SpringApplication application = new SpringApplication(App.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.run(args);
        }
    }
}
