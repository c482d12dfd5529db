package com.karrot.kafka.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LedgerService} in a JVM of its own (this JVM's classpath, a 256 MB heap), its output in a log file under
 * {@code target/}. {@link #kill()} is {@code kill -9}: no shutdown hook runs, the relay gives back no lease.
 */
final class ServiceJvm implements AutoCloseable {

    private final String name;

    private final Path log;

    private final Process process;

    private ServiceJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a service.
     * @param name the name of the service (and of its log file)
     * @param arguments its {@code --name=value} arguments
     * @return the process, started
     */
    static ServiceJvm start(String name, List<String> arguments) {
        Path log = Path.of("target", "resilience-logs", name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(), "-cp",
                System.getProperty("java.class.path"), LedgerService.class.getName()));
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            return new ServiceJvm(name, log, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start service " + name, ex);
        }
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /** The exit code of a process that has ended. */
    int exitValue() {
        return this.process.exitValue();
    }

    /** Whether the service printed that it committed every event. */
    boolean hasPublished() {
        return output().contains(LedgerService.PUBLISHED);
    }

    /** Whether the Spring application has started (its relay, when on, starts with it). */
    boolean hasStarted() {
        return output().contains("Started " + LedgerService.class.getSimpleName());
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() {
        this.process.destroyForcibly();
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Service " + this.name + " still runs 30 s after SIGKILL");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing service " + this.name, ex);
        }
    }

    /** The last lines of its output, for a failure message. */
    String tail() {
        List<String> lines = output().lines().toList();
        return this.name + " (" + this.log + "):\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private String output() {
        try {
            return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        if (this.process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return this.name;
    }
}
