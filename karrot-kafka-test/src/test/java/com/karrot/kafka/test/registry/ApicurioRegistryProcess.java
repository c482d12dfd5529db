package com.karrot.kafka.test.registry;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Apicurio Registry 3.x, run from its unpacked {@code -all} archive ({@code java -jar quarkus-run.jar}) on
 * random free ports with its default in-memory storage, for the {@code apicurio} Maven profile. Its output goes to
 * {@code apicurio.log} beside the archive; {@link #close()} stops it (forcibly when it does not stop in time).
 */
final class ApicurioRegistryProcess implements AutoCloseable {

    /** The unpacked archive: the folder that holds {@code quarkus-run.jar}. */
    static final String HOME_PROPERTY = "karrot.apicurio.home";

    /** The {@code java} to run it with: Apicurio 3.3 needs Java 21 or newer. */
    static final String JAVA_PROPERTY = "karrot.apicurio.java";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;

    private final String url;

    private ApicurioRegistryProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static ApicurioRegistryProcess start() throws IOException {
        Path home = Path.of(System.getProperty(HOME_PROPERTY));
        Path jar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No quarkus-run.jar in " + home + " (" + HOME_PROPERTY + ")");
        }
        String java = System.getProperty(JAVA_PROPERTY, Path.of(System.getProperty("java.home"), "bin", "java")
            .toString());
        int port = freePort();
        int managementPort = freePort();
        Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort, "-jar", jar.toString()))
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("apicurio.log").toFile())
            .start();
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process,
                "http://127.0.0.1:" + port + "/apis/ccompat/v7");
        try {
            registry.awaitReady(home.resolve("apicurio.log").toFile());
        }
        catch (RuntimeException ex) {
            registry.close();
            throw ex;
        }
        return registry;
    }

    /** The base URL of its Confluent-compatible API. */
    String url() {
        return this.url;
    }

    private void awaitReady(File log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(this.url + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .build();
        await("Apicurio Registry to answer at " + this.url + " (its output: " + log + ")")
            .atMost(STARTUP_TIMEOUT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> {
                if (!this.process.isAlive()) {
                    throw new IllegalStateException("Apicurio Registry exited with " + this.process.exitValue()
                            + "; its output: " + log);
                }
                try {
                    return http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                }
                catch (IOException ex) {
                    return false;
                }
            });
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
