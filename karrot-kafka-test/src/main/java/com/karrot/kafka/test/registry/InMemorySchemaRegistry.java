package com.karrot.kafka.test.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A schema registry in memory, served over HTTP on the loopback address, for tests that exercise the real
 * {@link com.karrot.kafka.schema.HttpSchemaRegistryClient} and Avro serde. It speaks the subset of the Confluent
 * Schema Registry REST API the client uses, with the same answers and error codes: ids global across subjects
 * (the same schema, as Avro prints it, gets the same id under every subject), versions from 1 per subject,
 * re-registration of a schema already under a subject answered with its id, and compatibility enforced with
 * {@link com.karrot.kafka.schema.AvroCompatibility} in the subject's mode, else the global one (default
 * {@code BACKWARD}). Avro schemas only; nothing is ever deleted but by {@link #reset()}.
 *
 * <pre>{@code
 * try (InMemorySchemaRegistry registry = InMemorySchemaRegistry.start()) {
 *     SchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();
 * }
 * }</pre>
 *
 * <p>The port is chosen by the operating system when the server binds, so it is free without a race. Requests
 * are served one at a time on one thread. Thread-safe.
 */
public final class InMemorySchemaRegistry implements AutoCloseable {

    private static @Nullable InMemorySchemaRegistry shared;

    private final RegistryState state = new RegistryState();

    private final HttpServer server;

    private InMemorySchemaRegistry(HttpServer server) {
        this.server = server;
        server.createContext("/", new RegistryRoutes(this.state));
        server.start();
    }

    /**
     * Starts an empty registry on a free port of {@code 127.0.0.1}.
     * @return the running registry
     */
    public static InMemorySchemaRegistry start() {
        try {
            return new InMemorySchemaRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot bind the schema registry to a port of 127.0.0.1", ex);
        }
    }

    /**
     * The registry shared by every test of the JVM, started on the first call and stopped when the JVM exits;
     * {@code @KarrotKafkaTest(schemaRegistry = true)} points contexts at it. Tests share it, so each should use
     * subjects of its own; do not close or reset it.
     * @return the running shared registry
     */
    public static synchronized InMemorySchemaRegistry shared() {
        if (shared == null) {
            InMemorySchemaRegistry started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "karrot-shared-schema-registry-shutdown"));
            shared = started;
        }
        return shared;
    }

    /**
     * The base URL clients use, the value of {@code schema.registry.url}.
     * @return {@code http://127.0.0.1:port}
     */
    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /**
     * Forgets every schema, subject and compatibility setting, and starts ids from 1 again, so that the next
     * test finds the registry as new. Clients that cached ids must not be reused across a reset.
     */
    public void reset() {
        this.state.clear();
    }

    /** Stops serving and releases the port. */
    @Override
    public void close() {
        this.server.stop(0);
    }
}
