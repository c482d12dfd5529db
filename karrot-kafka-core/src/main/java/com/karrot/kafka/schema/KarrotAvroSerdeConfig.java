package com.karrot.kafka.schema;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.jspecify.annotations.Nullable;

/**
 * The configuration keys of {@link KarrotAvroSerializer} and {@link KarrotAvroDeserializer}, with the names,
 * defaults and meaning of Confluent's Avro serde, so that existing client properties keep working. Values may be
 * strings or typed values (booleans, numbers, Kafka {@link Password}s, a {@link SubjectNameStrategy}).
 */
public final class KarrotAvroSerdeConfig {

    /** Comma-separated base URLs of the registry, tried in order; may carry {@code user:password@}. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Whether the serializer registers the record's schema under its subject; default {@code true}. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    /**
     * Whether the serializer, when it does not register, writes with the subject's latest schema (which must be
     * able to read the record's schema) instead of the record's own; default {@code false}.
     */
    public static final String USE_LATEST_VERSION = "use.latest.version";

    /** Whether the deserializer returns generated {@code SpecificRecord} classes; default {@code false}. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    /** The {@link SubjectNameStrategy} for record keys; default {@code TopicNameStrategy}. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

    /** The {@link SubjectNameStrategy} for record values; default {@code TopicNameStrategy}. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /** Where basic authentication credentials come from: {@code URL} (the default) or {@code USER_INFO}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

    /** The basic authentication credentials, {@code user:password}, for {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /** Where the bearer token comes from: {@code STATIC_TOKEN}, the only source supported. */
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";

    /** A static bearer token; sent when set, unless basic authentication is configured. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

    /** How long connecting to the registry may take, in milliseconds; default 60000. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";

    /** How long a registry request may take, in milliseconds; default 60000. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    final boolean autoRegisterSchemas;

    final boolean useLatestVersion;

    final boolean specificAvroReader;

    final SubjectNameStrategy keySubjectNameStrategy;

    final SubjectNameStrategy valueSubjectNameStrategy;

    private final Map<String, ?> configs;

    KarrotAvroSerdeConfig(Map<String, ?> configs) {
        this.configs = configs;
        this.autoRegisterSchemas = bool(AUTO_REGISTER_SCHEMAS, true);
        this.useLatestVersion = bool(USE_LATEST_VERSION, false);
        this.specificAvroReader = bool(SPECIFIC_AVRO_READER, false);
        this.keySubjectNameStrategy = strategy(KEY_SUBJECT_NAME_STRATEGY);
        this.valueSubjectNameStrategy = strategy(VALUE_SUBJECT_NAME_STRATEGY);
    }

    /** A client for the registry at {@link #SCHEMA_REGISTRY_URL}, with these credentials and timeouts. */
    HttpSchemaRegistryClient client() {
        String urls = text(SCHEMA_REGISTRY_URL);
        if (urls == null || urls.isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " must be set to the schema registry's URL");
        }
        List<String> baseUrls = Arrays.stream(urls.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        HttpSchemaRegistryClient.Builder builder = HttpSchemaRegistryClient
            .builder(baseUrls.stream().map(url -> url.replaceFirst("//[^/@]*@", "//")).toArray(String[]::new))
            .connectTimeout(millis(HTTP_CONNECT_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT))
            .requestTimeout(millis(HTTP_READ_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT));
        RegistryCredentials.apply(this, baseUrls, builder);
        return builder.build();
    }

    @Nullable String text(String key) {
        Object value = this.configs.get(key);
        if (value instanceof Password password) {
            return password.value();
        }
        return value != null ? value.toString() : null;
    }

    private boolean bool(String key, boolean defaultValue) {
        Object value = this.configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new ConfigException(key, value, "Expected true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private SubjectNameStrategy strategy(String key) {
        Object value = this.configs.get(key);
        if (value == null) {
            return SubjectNameStrategy.TOPIC;
        }
        if (value instanceof SubjectNameStrategy strategy) {
            return strategy;
        }
        try {
            return SubjectNameStrategy.of(value instanceof Class<?> type ? type.getName() : value.toString().trim());
        }
        catch (IllegalArgumentException ex) {
            throw new ConfigException(key, value, ex.getMessage());
        }
    }

    private Duration millis(String key, Duration defaultValue) {
        Object value = this.configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        long millis;
        try {
            millis = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        }
        catch (NumberFormatException ex) {
            throw new ConfigException(key, value, "Expected a number of milliseconds");
        }
        if (millis <= 0) {
            throw new ConfigException(key, value, "Expected a positive number of milliseconds");
        }
        return Duration.ofMillis(millis);
    }
}
