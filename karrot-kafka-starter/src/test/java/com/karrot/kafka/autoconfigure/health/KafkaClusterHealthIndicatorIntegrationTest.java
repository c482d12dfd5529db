package com.karrot.kafka.autoconfigure.health;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClusterHealthIndicatorIntegrationTest {

    @Test
    void reportsUpWithClusterIdAndBrokerCountWhenTheClusterAnswers() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String expectedClusterId;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            expectedClusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
        KafkaClusterHealthIndicator indicator = indicator(bootstrap, Duration.ofSeconds(5));
        try {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("clusterId", expectedClusterId).containsEntry("brokers", 1);
        }
        finally {
            indicator.destroy();
        }
    }

    @Test
    void reportsDownWithTheReasonWithinTheTimeoutWhenNothingAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaClusterHealthIndicator indicator = indicator("127.0.0.1:" + closedPort, Duration.ofMillis(500));
        try {
            long started = System.nanoTime();
            Health health = indicator.health();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("reason", "the cluster did not answer in time")
                .containsKey("error");
            // bounded by the timeout plus the guard, not by the admin client's one-minute default
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
        finally {
            indicator.destroy();
        }
    }

    private static KafkaClusterHealthIndicator indicator(String bootstrap, Duration timeout) {
        return new KafkaClusterHealthIndicator(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), timeout);
    }
}
