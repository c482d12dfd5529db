package com.karrot.kafka.autoconfigure.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Asks the cluster to describe itself, within a timeout, so the health endpoint never hangs on an unreachable
 * cluster. One admin client, created on the first check, serves every check.
 */
final class KafkaClusterHealthIndicator implements HealthIndicator, DisposableBean {

    private final Map<String, Object> adminConfig;

    private final Duration timeout;

    private @Nullable Admin admin;

    KafkaClusterHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        Map<String, Object> config = new HashMap<>(adminConfig);
        // an admin client retries for a minute by default; no single call may outlive a health check
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-kafka-health");
        this.adminConfig = config;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            DescribeClusterResult cluster = admin()
                .describeCluster(new DescribeClusterOptions().timeoutMs(Math.toIntExact(this.timeout.toMillis())));
            // the options bound the call itself; the extra second only guards against a client that never answers
            long waitMs = this.timeout.toMillis() + 1000;
            String clusterId = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS);
            return Health.up()
                .withDetail("clusterId", clusterId)
                .withDetail("brokers", nodes.size())
                .build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted while waiting for the cluster").build();
        }
        catch (ExecutionException ex) {
            return down(ex.getCause());
        }
        catch (TimeoutException | RuntimeException ex) {
            return down(ex);
        }
    }

    private static Health down(Throwable cause) {
        String reason = cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof TimeoutException ? "the cluster did not answer in time" : "the cluster check failed";
        return Health.down()
            .withDetail("reason", reason)
            .withDetail("error", cause.getClass().getName() + ": " + cause.getMessage())
            .build();
    }

    private synchronized Admin admin() {
        if (this.admin == null) {
            this.admin = Admin.create(this.adminConfig);
        }
        return this.admin;
    }

    @Override
    public synchronized void destroy() {
        if (this.admin != null) {
            this.admin.close(Duration.ofSeconds(1));
        }
    }
}
