package com.karrot.kafka.autoconfigure.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.karrot.kafka.schema.SubjectNameStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the schema registry and of Avro events ({@code karrot.kafka.schema.*}). The capability is active when
 * {@code karrot.kafka.schema.registry.url} is set. A wrong value fails start-up with a message naming the property.
 */
@ConfigurationProperties("karrot.kafka.schema")
public class SchemaProperties {

    /** Whether to use the schema registry for Avro events when its URL is set. */
    private boolean enabled = true;

    /** Under which subject the schema of an Avro event is registered: "topic-record", "record" or "topic". */
    private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC_RECORD;

    /** Whether publishing an Avro event registers its schema when the subject does not have it yet. */
    private boolean autoRegister = true;

    /** With auto-register off: whether Avro events are written with the subject's latest schema. */
    private boolean useLatestVersion = false;

    /** Whether listeners that take GenericRecord or Object get the generated class the writer's schema names. */
    private boolean specificReader = false;

    /** The schema registry. */
    private final Registry registry = new Registry();

    /** Registration of the service's schemas at start-up. */
    private final Registration registration = new Registration();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public SubjectNameStrategy getSubjectNameStrategy() {
        return this.subjectNameStrategy;
    }

    public void setSubjectNameStrategy(SubjectNameStrategy subjectNameStrategy) {
        Assert.notNull(subjectNameStrategy, "karrot.kafka.schema.subject-name-strategy must not be empty");
        this.subjectNameStrategy = subjectNameStrategy;
    }

    public boolean isAutoRegister() {
        return this.autoRegister;
    }

    public void setAutoRegister(boolean autoRegister) {
        this.autoRegister = autoRegister;
    }

    public boolean isUseLatestVersion() {
        return this.useLatestVersion;
    }

    public void setUseLatestVersion(boolean useLatestVersion) {
        this.useLatestVersion = useLatestVersion;
    }

    public boolean isSpecificReader() {
        return this.specificReader;
    }

    public void setSpecificReader(boolean specificReader) {
        this.specificReader = specificReader;
    }

    public Registry getRegistry() {
        return this.registry;
    }

    public Registration getRegistration() {
        return this.registration;
    }

    /** The schema registry and how to reach it. */
    public static class Registry {

        /** Base URLs of the registry (comma-separated, tried in order), such as http://localhost:8081. */
        private List<String> url = new ArrayList<>();

        /** User name for HTTP basic authentication. */
        private @Nullable String username;

        /** Password for HTTP basic authentication. */
        private @Nullable String password;

        /** Static bearer token sent with every request, instead of basic authentication. */
        private @Nullable String bearerToken;

        /** How long connecting to the registry may take. */
        private Duration connectTimeout = Duration.ofSeconds(60);

        /** How long a request to the registry may take until its answer has arrived. */
        private Duration requestTimeout = Duration.ofSeconds(60);

        /** TLS to the registry. */
        private final Ssl ssl = new Ssl();

        public List<String> getUrl() {
            return this.url;
        }

        public void setUrl(List<String> url) {
            Assert.notNull(url, "karrot.kafka.schema.registry.url must not be null");
            for (String each : url) {
                Assert.isTrue(each.startsWith("http://") || each.startsWith("https://"),
                        () -> "karrot.kafka.schema.registry.url must hold http(s) URLs, was " + each);
            }
            this.url = url;
        }

        public @Nullable String getUsername() {
            return this.username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return this.password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable String getBearerToken() {
            return this.bearerToken;
        }

        public void setBearerToken(@Nullable String bearerToken) {
            this.bearerToken = bearerToken;
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            Assert.isTrue(isPositive(connectTimeout),
                    () -> "karrot.kafka.schema.registry.connect-timeout must be positive, was " + connectTimeout);
            this.connectTimeout = connectTimeout;
        }

        public Duration getRequestTimeout() {
            return this.requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            Assert.isTrue(isPositive(requestTimeout),
                    () -> "karrot.kafka.schema.registry.request-timeout must be positive, was " + requestTimeout);
            this.requestTimeout = requestTimeout;
        }

        public Ssl getSsl() {
            return this.ssl;
        }

        private static boolean isPositive(@Nullable Duration duration) {
            return duration != null && !duration.isNegative() && !duration.isZero();
        }
    }

    /** TLS to the registry. */
    public static class Ssl {

        /** Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) to reach the registry with. */
        private @Nullable String bundle;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }
    }

    /** Registration of the service's schemas at start-up. */
    public static class Registration {

        /** Whether to check and register the service's schemas at start-up. */
        private boolean enabled = true;

        /** Where the service's .avsc files are (Spring resource patterns). */
        private List<String> locations = List.of("classpath:avro/**/*.avsc");

        /** What an incompatible schema does at start-up: "fail" start-up or "warn" and leave it unregistered. */
        private OnIncompatible onIncompatible = OnIncompatible.FAIL;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getLocations() {
            return this.locations;
        }

        public void setLocations(List<String> locations) {
            Assert.notNull(locations, "karrot.kafka.schema.registration.locations must not be null");
            this.locations = locations;
        }

        public OnIncompatible getOnIncompatible() {
            return this.onIncompatible;
        }

        public void setOnIncompatible(OnIncompatible onIncompatible) {
            Assert.notNull(onIncompatible, "karrot.kafka.schema.registration.on-incompatible must not be empty");
            this.onIncompatible = onIncompatible;
        }
    }

    /** What an incompatible schema does at start-up. */
    public enum OnIncompatible {

        /** Start-up fails with a message naming the subject, its mode and what breaks. */
        FAIL,

        /** A warning is logged and the schema is not registered; start-up goes on. */
        WARN
    }
}
