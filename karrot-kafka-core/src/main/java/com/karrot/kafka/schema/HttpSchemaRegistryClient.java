package com.karrot.kafka.schema;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

import static com.karrot.kafka.schema.RegistryHttp.segment;

/**
 * A {@link SchemaRegistryClient} over HTTP(S) with the JDK's HTTP client, with Jackson for JSON.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = HttpSchemaRegistryClient.builder("https://registry.example:8081")
 *     .basicAuth("service", "secret")
 *     .sslContext(sslContext)
 *     .build();
 * int id = registry.register("orders-value", schema);
 * }</pre>
 *
 * <p>Schemas by id, and ids and look-ups by subject and schema, are cached for the client's life, as they do not
 * change in a registry; latest versions, subjects and configuration are asked every time. With several base URLs, a request
 * goes to the next one when a registry cannot be reached. Timeouts default to Confluent's client defaults
 * ({@link #DEFAULT_CONNECT_TIMEOUT}, {@link #DEFAULT_REQUEST_TIMEOUT}). Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** How long connecting may take by default, as Confluent's {@code http.connect.timeout.ms}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);

    /** How long a request may take by default, as Confluent's {@code http.read.timeout.ms}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final RegistryHttp http;

    private static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    private final Map<String, Map<Schema, RegisteredSchema>> lookups = new ConcurrentHashMap<>();

    private HttpSchemaRegistryClient(RegistryHttp http) {
        this.http = http;
    }

    /**
     * Starts a builder.
     * @param baseUrls one or more base URLs of the same registry, such as {@code http://localhost:8081} or
     * Apicurio's {@code http://localhost:8080/apis/ccompat/v7}, tried in this order
     * @return the builder
     */
    public static Builder builder(String... baseUrls) {
        return new Builder(List.of(baseUrls));
    }

    @Override
    public int register(String subject, Schema schema) {
        Assert.hasText(subject, "subject must not be empty");
        Assert.notNull(schema, "schema must not be null");
        Integer known = this.idsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (known != null) {
            return known;
        }
        int id = RegistryAnswers.integer(this.http.post("/subjects/" + segment(subject) + "/versions", body(schema)), "id");
        remember(subject, schema, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema known = this.schemasById.get(id);
        if (known != null) {
            return known;
        }
        Schema schema = RegistryAnswers.avro(this.http.get("/schemas/ids/" + id));
        this.schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        Assert.hasText(subject, "subject must not be empty");
        Assert.notNull(schema, "schema must not be null");
        RegisteredSchema known = this.lookups.getOrDefault(subject, Map.of()).get(schema);
        if (known != null) {
            return known;
        }
        RegisteredSchema registered = RegistryAnswers.registered(this.http.post("/subjects/" + segment(subject),
                body(schema)));
        remember(subject, schema, registered.id());
        this.lookups.computeIfAbsent(subject, key -> new ConcurrentHashMap<>()).putIfAbsent(schema, registered);
        return registered;
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        Assert.hasText(subject, "subject must not be empty");
        return RegistryAnswers.registered(this.http.get("/subjects/" + segment(subject) + "/versions/latest"));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        Assert.hasText(subject, "subject must not be empty");
        Assert.isTrue(version > 0, () -> "version must be positive, was " + version);
        return RegistryAnswers.registered(this.http.get("/subjects/" + segment(subject) + "/versions/" + version));
    }

    @Override
    public List<Integer> versions(String subject) {
        Assert.hasText(subject, "subject must not be empty");
        return this.http.get("/subjects/" + segment(subject) + "/versions").valueStream().map(JsonNode::asInt).toList();
    }

    @Override
    public List<String> subjects() {
        return this.http.get("/subjects").valueStream().map(JsonNode::asString).toList();
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        Assert.hasText(subject, "subject must not be empty");
        Assert.notNull(schema, "schema must not be null");
        JsonNode answer;
        try {
            answer = this.http.post("/compatibility/subjects/" + segment(subject) + "/versions/latest?verbose=true",
                    body(schema));
        }
        catch (SchemaRegistryException ex) {
            // older registries answer "subject not found" where newer ones find nothing to be incompatible with
            if (ex.isSubjectNotFound()) {
                return CompatibilityResult.compatible();
            }
            throw ex;
        }
        if (answer.path("is_compatible").asBoolean(false)) {
            return CompatibilityResult.compatible();
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").valueStream().map(JsonNode::asString).forEach(messages::add);
        if (messages.isEmpty()) {
            // Apicurio's ccompat API ignores verbose=true
            messages.add("the registry found the schema incompatible with subject " + subject
                    + " and gave no details (check it with AvroCompatibility for what breaks)");
        }
        return CompatibilityResult.incompatible(messages);
    }

    @Override
    public CompatibilityMode compatibility(String subject) {
        Assert.hasText(subject, "subject must not be empty");
        try {
            return RegistryAnswers.mode(this.http.get("/config/" + segment(subject) + "?defaultToGlobal=true"));
        }
        catch (SchemaRegistryException ex) {
            // a subject without a mode of its own has the global one: Confluent says so with defaultToGlobal=true
            // (without it, 40408), Apicurio ignores defaultToGlobal and answers 40401
            if (ex.isSubjectNotFound() || ex.errorCode() == SUBJECT_COMPATIBILITY_NOT_CONFIGURED) {
                return globalCompatibility();
            }
            throw ex;
        }
    }

    @Override
    public CompatibilityMode globalCompatibility() {
        return RegistryAnswers.mode(this.http.get("/config"));
    }

    @Override
    public void updateCompatibility(String subject, CompatibilityMode mode) {
        Assert.hasText(subject, "subject must not be empty");
        Assert.notNull(mode, "mode must not be null");
        this.http.put("/config/" + segment(subject), this.http.object("compatibility", mode.name()));
    }

    @Override
    public void updateGlobalCompatibility(CompatibilityMode mode) {
        Assert.notNull(mode, "mode must not be null");
        this.http.put("/config", this.http.object("compatibility", mode.name()));
    }

    private JsonNode body(Schema schema) {
        return this.http.object("schema", schema.toString());
    }

    private void remember(String subject, Schema schema, int id) {
        this.idsBySubject.computeIfAbsent(subject, key -> new ConcurrentHashMap<>()).putIfAbsent(schema, id);
        this.schemasById.putIfAbsent(id, schema);
    }

    /** Builds an {@link HttpSchemaRegistryClient}. */
    public static final class Builder {

        private final List<String> baseUrls;

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private @Nullable String authorization;

        private @Nullable SSLContext sslContext;

        private Builder(List<String> baseUrls) {
            Assert.notEmpty(baseUrls, "baseUrls must not be empty");
            for (String url : baseUrls) {
                Assert.isTrue(url != null && (url.startsWith("http://") || url.startsWith("https://"))
                        && URI.create(url).getHost() != null, () -> "baseUrls must be http(s) URLs, was " + url);
            }
            this.baseUrls = baseUrls;
        }

        /**
         * Sets how long connecting to the registry may take.
         * @param connectTimeout the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            Assert.isTrue(isPositive(connectTimeout), "connectTimeout must be positive");
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets how long a request may take until its answer has arrived.
         * @param requestTimeout the timeout, positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            Assert.isTrue(isPositive(requestTimeout), "requestTimeout must be positive");
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Authenticates with HTTP basic authentication, replacing a bearer token set before.
         * @param username the user name
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String username, String password) {
            Assert.hasText(username, "username must not be empty");
            Assert.notNull(password, "password must not be null");
            this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * Authenticates with a static bearer token, replacing basic authentication set before.
         * @param token the token
         * @return this builder
         */
        public Builder bearerToken(String token) {
            Assert.hasText(token, "token must not be empty");
            this.authorization = "Bearer " + token;
            return this;
        }

        /**
         * Sets the TLS context for {@code https} URLs, for example from a Spring Boot SSL bundle; the JVM's
         * default context otherwise.
         * @param sslContext the context
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            Assert.notNull(sslContext, "sslContext must not be null");
            this.sslContext = sslContext;
            return this;
        }

        private static boolean isPositive(@Nullable Duration duration) {
            return duration != null && !duration.isNegative() && !duration.isZero();
        }

        /**
         * Builds the client.
         * @return the client
         */
        public HttpSchemaRegistryClient build() {
            return new HttpSchemaRegistryClient(new RegistryHttp(this.baseUrls, this.connectTimeout,
                    this.requestTimeout, this.authorization, this.sslContext));
        }
    }
}
