package com.karrot.kafka.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.FileSystemUtils;

/**
 * A real one-node Kafka cluster (KRaft, broker and controller in one process) running in a child JVM, for
 * outage and crash tests: a test can {@linkplain #stop() stop} it gracefully, {@linkplain #kill() kill} it
 * like {@code kill -9}, and {@linkplain #restart() restart} it on the same address with the same data.
 *
 * <pre>{@code
 * try (ExternalKafkaBroker broker = ExternalKafkaBroker.start()) {
 *     String bootstrapServers = broker.bootstrapServers();
 *     broker.kill();
 *     broker.restart();
 * }
 * }</pre>
 *
 * <p>The child runs Kafka from this JVM's classpath (the test kit brings the Kafka server jars), with a 512 MB
 * heap, in its own directory under {@code java.io.tmpdir} holding the data ({@code data/}), the {@code server.properties} and the
 * broker's output ({@code broker.log}, WARN level). Its two ports (clients and controller) are picked at random
 * once and kept for the broker's life. Topics are created on first use with {@value #DEFAULT_PARTITIONS}
 * partitions, as by {@link SharedKafkaBroker}. A broker start waits until the broker reports itself in the
 * cluster metadata, at most 60 s.
 *
 * <p>{@link #close()} kills the child and deletes the directory; a JVM shutdown hook kills any child still
 * running, so a test run that dies early leaves no broker behind (its directory stays, for a post-mortem).
 * Methods are thread-safe.
 */
public final class ExternalKafkaBroker implements AutoCloseable {

    /** Partitions of topics the broker creates on first use, unless overridden with {@code num.partitions}. */
    public static final int DEFAULT_PARTITIONS = 3;

    // generous: a broker JVM on a busy 2-core machine can take many times its usual 5 s
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;

    private final Path serverProperties;

    private final int port;

    private final int controllerPort;

    private final BrokerJvm jvm;

    private @Nullable Process process;

    private Duration startupTime = Duration.ZERO;

    private boolean closed;

    private ExternalKafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.serverProperties = directory.resolve("server.properties");
        this.port = port;
        this.controllerPort = controllerPort;
        this.jvm = new BrokerJvm(directory);
    }

    /**
     * Formats a new cluster in a fresh temporary directory and starts its broker with the default properties.
     * @return the running broker
     * @throws IllegalStateException if the broker did not become ready within 60 s; the message ends with the
     * last lines of the broker's log
     */
    public static ExternalKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Formats a new cluster in a fresh temporary directory and starts its broker with the default properties
     * plus {@code brokerProperties}, which win over the defaults (for example {@code message.max.bytes}).
     * @param brokerProperties broker properties to add or override; not the listeners, ports, node id, roles or
     * log directories, which this class manages
     * @return the running broker
     * @throws IllegalArgumentException if {@code brokerProperties} sets a property this class manages
     * @throws IllegalStateException if the broker did not become ready within 60 s
     */
    public static ExternalKafkaBroker start(Map<String, String> brokerProperties) {
        Assert.notNull(brokerProperties, "brokerProperties must not be null");
        List<String> managed = brokerProperties.keySet().stream()
                .filter(KraftServerProperties.MANAGED_KEYS::contains).sorted().toList();
        Assert.isTrue(managed.isEmpty(), () -> "brokerProperties must not set " + managed
                + ": ExternalKafkaBroker manages them to keep its address and data across restarts");
        ExternalKafkaBroker broker = new ExternalKafkaBroker(createDirectory(), LocalPorts.freePort(),
                LocalPorts.freePort());
        try {
            long began = System.nanoTime();
            KraftServerProperties.write(broker.serverProperties, broker.port, broker.controllerPort,
                    broker.directory.resolve("data"), DEFAULT_PARTITIONS, brokerProperties);
            broker.jvm.format(Uuid.randomUuid().toString(), broker.serverProperties, READY_TIMEOUT);
            broker.launchAndAwaitReady(began);
            return broker;
        }
        catch (RuntimeException ex) {
            try {
                broker.close();
            }
            catch (RuntimeException cleanupFailure) {
                ex.addSuppressed(cleanupFailure);
            }
            throw ex;
        }
    }

    /**
     * The address clients connect to; the same across restarts.
     * @return {@code 127.0.0.1:port}
     */
    public String bootstrapServers() {
        return "127.0.0.1:" + this.port;
    }

    /**
     * The process id of the broker JVM started last, running or not; a restart gives a new one.
     * @return the operating system's process id
     */
    public synchronized long pid() {
        return this.process.pid();
    }

    /**
     * How long the last start took, from launching the JVM (and formatting, on the first start) until the
     * broker was ready.
     * @return the duration of the last {@link #start()} or {@link #restart()}
     */
    public synchronized Duration startupTime() {
        return this.startupTime;
    }

    /**
     * The broker's directory: {@code data/}, {@code server.properties} and {@code broker.log}, which is worth
     * reading when a test fails. Deleted by {@link #close()}.
     * @return the directory
     */
    public Path directory() {
        return this.directory;
    }

    /**
     * Whether the broker JVM is alive; it may still be starting or shutting down.
     * @return {@code true} while the process is alive
     */
    public synchronized boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    /**
     * Shuts the broker down gracefully (SIGTERM: Kafka's controlled shutdown, logs flushed) and waits up to
     * 30 s for the JVM to exit. Does nothing if the broker is not running.
     * @throws IllegalStateException if the broker did not exit in time; it has then been killed
     */
    public synchronized void stop() {
        if (isRunning() && !BrokerJvm.destroyAndWait(this.process, false, STOP_TIMEOUT)) {
            kill();
            throw new IllegalStateException("Broker " + this.process.pid() + " did not stop within " + STOP_TIMEOUT
                    + " and was killed; end of " + this.jvm.logFile() + ":\n" + this.jvm.logTail());
        }
    }

    /**
     * Kills the broker JVM at once, like {@code kill -9}: no controlled shutdown, no final flush. This is a crash
     * of the process, not of the machine: what the broker had written to the operating system's page cache
     * survives, as after a real process crash. Waits for the process to exit. Does nothing if the broker is not
     * running.
     * @throws IllegalStateException if the process was still alive 10 s later
     */
    public synchronized void kill() {
        if (isRunning() && !BrokerJvm.destroyAndWait(this.process, true, KILL_TIMEOUT)) {
            throw new IllegalStateException("Broker " + this.process.pid() + " still runs " + KILL_TIMEOUT
                    + " after being killed");
        }
    }

    /**
     * Starts the broker again after {@link #stop()}, {@link #kill()} or a crash, on the same ports and data,
     * and waits until it is ready. After a kill, this takes a few seconds longer, because the controller waits
     * for the killed broker's session (1.5 s) to expire.
     * @throws IllegalStateException if the broker is running or closed, if its ports are not free within 30 s,
     * or if it did not become ready within 60 s
     */
    public synchronized void restart() {
        Assert.state(!this.closed, "Broker is closed");
        Assert.state(!isRunning(), "Broker is running: stop() or kill() it before restart()");
        long began = System.nanoTime();
        BrokerReadiness.awaitPortsFree(this.port, this.controllerPort, STOP_TIMEOUT);
        launchAndAwaitReady(began);
    }

    /**
     * Kills the broker, as its data is about to go and a graceful shutdown would only cost time, then deletes
     * its directory. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        kill();
        try {
            FileSystemUtils.deleteRecursively(this.directory);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot delete broker directory " + this.directory, ex);
        }
    }

    @Override
    public String toString() {
        return "ExternalKafkaBroker[" + bootstrapServers() + ", " + this.directory + "]";
    }

    private void launchAndAwaitReady(long beganNanos) {
        this.process = this.jvm.startBroker(this.serverProperties);
        BrokerReadiness.awaitReady(this.process, this.port, this.jvm, READY_TIMEOUT);
        this.startupTime = Duration.ofNanos(System.nanoTime() - beganNanos);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("karrot-external-kafka-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create a directory for the broker", ex);
        }
    }
}
