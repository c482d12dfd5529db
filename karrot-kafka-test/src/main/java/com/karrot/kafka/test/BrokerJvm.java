package com.karrot.kafka.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Launches Kafka's own entry points ({@code kafka.tools.StorageTool}, {@code kafka.Kafka}) in child JVMs that run
 * from the current JVM's classpath, with their output appended to one log file in the broker's directory.
 *
 * <p>Every child is registered with a JVM shutdown hook that kills it, so that a test run which dies without
 * closing its broker does not leave a broker holding ports and memory behind.
 */
final class BrokerJvm {

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    private static final String KAFKA = "kafka.Kafka";

    private static final Set<Process> LIVE_CHILDREN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BrokerJvm::killAllChildren, "karrot-external-kafka-reaper"));
    }

    // WARN keeps the broker quiet (its INFO config dump alone is hundreds of lines a start); the lifecycle
    // loggers stay at INFO so that broker.log shows when each start and shutdown happened.
    private static final String LOGBACK_XML = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
              <logger name="kafka.server.BrokerServer" level="INFO"/>
              <logger name="kafka.Kafka" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Path logFile;

    private final Path loggingConfig;

    private final Path tmpDir;

    BrokerJvm(Path directory) {
        this.logFile = directory.resolve("broker.log");
        this.loggingConfig = directory.resolve("logback.xml");
        this.tmpDir = directory.resolve("tmp");
        try {
            Files.createDirectories(this.tmpDir);
            Files.writeString(this.loggingConfig, LOGBACK_XML);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot prepare broker directory " + directory, ex);
        }
    }

    Path logFile() {
        return this.logFile;
    }

    /**
     * Formats the log directories named in {@code serverProperties} for a new cluster and waits for the tool to
     * finish. With a static {@code controller.quorum.voters} the tool needs no {@code --standalone} flag.
     */
    void format(String clusterId, Path serverProperties, Duration timeout) {
        Process tool = launch(STORAGE_TOOL, List.of("format", "-t", clusterId, "-c", serverProperties.toString()));
        try {
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyAndWait(tool, true, Duration.ofSeconds(10));
                throw new IllegalStateException("Formatting the broker storage took longer than " + timeout
                        + "; end of " + this.logFile + ":\n" + logTail());
            }
            if (tool.exitValue() != 0) {
                throw new IllegalStateException("Formatting the broker storage failed with exit code "
                        + tool.exitValue() + "; end of " + this.logFile + ":\n" + logTail());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            destroyAndWait(tool, true, Duration.ofSeconds(10));
            throw new IllegalStateException("Interrupted while formatting the broker storage", ex);
        }
        finally {
            LIVE_CHILDREN.remove(tool);
        }
    }

    /** Starts a broker JVM on {@code serverProperties}; returns as soon as the process exists. */
    Process startBroker(Path serverProperties) {
        return launch(KAFKA, List.of(serverProperties.toString()));
    }

    /**
     * Ends {@code process} with SIGTERM ({@code forcibly=false}) or SIGKILL and waits up to {@code timeout} for
     * it to exit.
     * @return whether the process has exited
     */
    static boolean destroyAndWait(Process process, boolean forcibly, Duration timeout) {
        if (forcibly) {
            process.destroyForcibly();
        }
        else {
            process.destroy();
        }
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                LIVE_CHILDREN.remove(process);
            }
            return exited;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for broker process " + process.pid()
                    + " to exit", ex);
        }
    }

    /** The last lines of the log file, to put into exception messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException | UncheckedIOException ex) {
            return "(cannot read " + this.logFile + ": " + ex + ")";
        }
    }

    private Process launch(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Enough for test traffic; the serial collector spares the threads a 2-core CI machine needs for tests.
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.io.tmpdir=" + this.tmpDir);
        command.add("-Dlogback.configurationFile=" + this.loggingConfig);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            LIVE_CHILDREN.add(process);
            return process;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + mainClass + " in a child JVM", ex);
        }
    }

    private static void killAllChildren() {
        for (Process process : LIVE_CHILDREN) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
