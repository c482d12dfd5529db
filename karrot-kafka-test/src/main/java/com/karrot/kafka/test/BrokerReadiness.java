package com.karrot.kafka.test;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Bounded waits around a broker's start: until a starting broker serves clients, and until a stopped broker's
 * ports can be bound again. Each polls every 100 ms up to its deadline.
 */
final class BrokerReadiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private BrokerReadiness() {
    }

    /**
     * Waits until the broker lists itself among the live brokers of the cluster metadata, which it does only
     * once its controller has registered and unfenced it: from then on, clients can create topics and produce.
     * @throws IllegalStateException if the process exits or the deadline passes first; the message ends with
     * the last lines of the broker's log
     */
    static void awaitReady(Process process, int port, BrokerJvm jvm, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin = null;
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Broker exited with code " + process.exitValue()
                            + " while starting; end of " + jvm.logFile() + ":\n" + jvm.logTail());
                }
                // Waiting for the port first spares the test log the admin client's connection warnings.
                if (LocalPorts.accepts(port, POLL_INTERVAL)) {
                    admin = (admin != null) ? admin : Admin.create(adminConfig(port));
                    if (brokerListed(admin)) {
                        return;
                    }
                }
                pause();
            }
            throw new IllegalStateException("Broker was not ready within " + timeout + "; end of "
                    + jvm.logFile() + ":\n" + jvm.logTail());
        }
        finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }

    /**
     * Waits until both ports can be bound: the operating system may hold a killed broker's sockets a moment
     * longer, and a broker started before then fails to bind its listeners.
     * @throws IllegalStateException if a port is still taken at the deadline
     */
    static void awaitPortsFree(int port, int controllerPort, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(LocalPorts.isFree(port) && LocalPorts.isFree(controllerPort))) {
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("Ports " + port + " and " + controllerPort + " were still taken "
                        + timeout + " after the broker stopped");
            }
            pause();
        }
    }

    private static boolean brokerListed(Admin admin) {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes()
                    .get(2, TimeUnit.SECONDS);
            return nodes.size() == 1;
        }
        catch (ExecutionException | TimeoutException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker to start", ex);
        }
    }

    private static Properties adminConfig(int port) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "external-kafka-broker-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return config;
    }

    // Polling in main code is bounded by each caller's deadline; tests await with Awaitility instead.
    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", ex);
        }
    }
}
