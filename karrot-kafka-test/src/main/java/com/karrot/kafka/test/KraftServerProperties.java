package com.karrot.kafka.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code server.properties} of a one-node KRaft cluster in combined mode (broker and controller in one
 * process) listening on 127.0.0.1, tuned for tests: replication factors and minimum ISRs of 1 for the internal
 * topics, no rebalance delay, and a short broker session so that a broker restarted after a kill is accepted
 * by its controller within seconds rather than after the default 9 s session timeout.
 */
final class KraftServerProperties {

    /**
     * Keys that tie the broker to its ports, node id and directory; a caller changing them would break restarts
     * on the same address and data.
     */
    static final Set<String> MANAGED_KEYS = Set.of("process.roles", "node.id", "controller.quorum.voters",
            "listeners", "advertised.listeners", "controller.listener.names", "listener.security.protocol.map",
            "inter.broker.listener.name", "log.dirs", "log.dir", "metadata.log.dir");

    private KraftServerProperties() {
    }

    /**
     * Writes the properties to {@code file}.
     * @param port the PLAINTEXT listener for clients
     * @param controllerPort the CONTROLLER listener for the KRaft quorum
     * @param dataDir the log and metadata directory
     * @param partitions partitions of topics created on first use
     * @param overrides caller's properties, applied last; none may be a {@link #MANAGED_KEYS managed key}
     */
    static void write(Path file, int port, int controllerPort, Path dataDir, int partitions,
            Map<String, String> overrides) {
        Map<String, String> properties = new TreeMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", dataDir.toAbsolutePath().toString());
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("broker.heartbeat.interval.ms", "500");
        properties.put("broker.session.timeout.ms", "1500");
        properties.put("num.partitions", String.valueOf(partitions));
        properties.put("auto.create.topics.enable", "true");
        properties.putAll(overrides);

        Properties escaped = new Properties();
        escaped.putAll(properties);
        try (Writer writer = Files.newBufferedWriter(file)) {
            // Properties.store escapes the ':' and '\' of paths and addresses, which a hand-written file would not.
            escaped.store(writer, "Written by ExternalKafkaBroker");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write " + file, ex);
        }
    }
}
