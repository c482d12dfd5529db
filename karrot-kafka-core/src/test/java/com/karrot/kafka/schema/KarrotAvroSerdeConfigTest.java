package com.karrot.kafka.schema;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.karrot.kafka.schema.ConfluentWireFormatTest.quoted;
import static com.karrot.kafka.schema.ConfluentWireFormatTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The serde configured as a Kafka client configures it, by properties with Confluent's names, against a stub
 * registry: which requests the settings lead to, and with which credentials.
 */
class KarrotAvroSerdeConfigTest {

    private static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":"
            + "[{\"name\":\"name\",\"type\":\"string\"}]}";

    private static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\","
            + "\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\",\"default\":\"none\"}]}";

    private final StubRegistry stub = StubRegistry.start();

    @AfterEach
    void stopStub() {
        this.stub.close();
    }

    @Test
    void keySerializerUsesTheKeyStrategyGivenByConfluentsClassName() {
        this.stub.answer("POST", "/subjects/users-User/versions", 200, "{\"id\":3}");

        byte[] bytes = serializer(Map.of(KarrotAvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
                KarrotAvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), true)
            .serialize("users", record(USER_V1, Map.of("name", "a")));

        assertThat(bytes).startsWith(0, 0, 0, 0, 3);
    }

    @Test
    void serializerBuiltAroundAClientKeepsItAndTakesTheOtherSettings() {
        this.stub.answer("POST", "/subjects/users-value", 200,
                "{\"subject\":\"users-value\",\"version\":1,\"id\":4,\"schema\":" + quoted(USER_V1) + "}");
        SchemaRegistryClient registry = HttpSchemaRegistryClient.builder(this.stub.url()).build();

        KarrotAvroSerializer serializer = new KarrotAvroSerializer(registry);
        serializer.configure(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        assertThat(serializer.serialize("users", record(USER_V1, Map.of("name", "a")))).startsWith(0, 0, 0, 0, 4);
        assertThat(this.stub.requests).extracting(StubRegistry.Request::target).containsExactly("/subjects/users-value");
    }

    @Test
    void serializerThatDoesNotRegisterLooksTheSchemaUpOnce() {
        this.stub.answer("POST", "/subjects/users-value", 200,
                "{\"subject\":\"users-value\",\"version\":1,\"id\":4,\"schema\":" + quoted(USER_V1) + "}");
        KarrotAvroSerializer serializer = serializer(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"),
                false);

        serializer.serialize("users", record(USER_V1, Map.of("name", "a")));
        byte[] bytes = serializer.serialize("users", record(USER_V1, Map.of("name", "b")));

        assertThat(bytes).containsExactly(0, 0, 0, 0, 4, 0x02, 0x62);
        assertThat(this.stub.requests).extracting(StubRegistry.Request::target).containsExactly("/subjects/users-value");
    }

    @Test
    void serializerWithTheLatestVersionWritesWithTheLatestSchemaAndItsId() {
        this.stub.answer("GET", "/subjects/users-value/versions/latest", 200,
                "{\"subject\":\"users-value\",\"version\":2,\"id\":8,\"schema\":" + quoted(USER_V2) + "}");
        KarrotAvroSerializer serializer = serializer(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false,
                KarrotAvroSerdeConfig.USE_LATEST_VERSION, true), false);

        byte[] bytes = serializer.serialize("users", record(USER_V2, Map.of("name", "a", "email", "b")));
        serializer.serialize("users", record(USER_V2, Map.of("name", "c", "email", "d")));

        assertThat(bytes).containsExactly(0, 0, 0, 0, 8, 0x02, 0x61, 0x02, 0x62);
        assertThat(this.stub.requests).hasSize(1);
    }

    @Test
    void latestVersionThatCannotReadTheRecordIsRefused() {
        this.stub.answer("GET", "/subjects/users-value/versions/latest", 200,
                "{\"subject\":\"users-value\",\"version\":2,\"id\":8,\"schema\":" + quoted(USER_V2.replace(
                        ",\"default\":\"none\"", "")) + "}");
        KarrotAvroSerializer serializer = serializer(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false,
                KarrotAvroSerdeConfig.USE_LATEST_VERSION, true), false);
        GenericRecord user = record(USER_V1, Map.of("name", "a"));

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> serializer.serialize("users", user))
            .withMessageContaining("(version 2, id 8) cannot read the record's schema")
            .withMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthAndLeftOutOfTheUrl() {
        this.stub.answer("POST", "/subjects/users-value/versions", 200, "{\"id\":1}");
        String url = this.stub.url().replace("//", "//svc:p%40ss@");

        KarrotAvroSerializer serializer = new KarrotAvroSerializer();
        serializer.configure(Map.of(KarrotAvroSerdeConfig.SCHEMA_REGISTRY_URL, url), false);
        serializer.serialize("users", record(USER_V1, Map.of("name", "a")));

        assertThat(this.stub.requests.get(0).header("Authorization")).isEqualTo("Basic c3ZjOnBAc3M=");
    }

    @Test
    void userInfoIsSentAsBasicAuth() {
        assertThat(authorizationSent(Map.of(KarrotAvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                KarrotAvroSerdeConfig.BASIC_AUTH_USER_INFO, new Password("svc:secret"))))
            .isEqualTo("Basic c3ZjOnNlY3JldA==");
    }

    @Test
    void bearerTokenIsSentAsBearerAuth() {
        assertThat(authorizationSent(Map.of(KarrotAvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                KarrotAvroSerdeConfig.BEARER_AUTH_TOKEN, "tok3n"))).isEqualTo("Bearer tok3n");
        assertThat(authorizationSent(Map.of(KarrotAvroSerdeConfig.BEARER_AUTH_TOKEN, "tok3n"))).isEqualTo("Bearer tok3n");
    }

    @Test
    void basicAndBearerSourcesTogetherAreRefused() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> authorizationSent(Map.of(
                KarrotAvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                KarrotAvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN")))
            .withMessage("Only one of basic.auth.credentials.source and bearer.auth.credentials.source may be set");
    }

    @Test
    void userInfoSourceWithoutUserInfoIsRefused() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> authorizationSent(Map.of(
                KarrotAvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
            .withMessage("basic.auth.user.info must be set when basic.auth.credentials.source is USER_INFO");
    }

    @Test
    void saslInheritIsNotSupported() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> authorizationSent(Map.of(
                KarrotAvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
            .withMessageContaining("The supported sources are URL and USER_INFO");
    }

    @Test
    void missingUrlIsRefused() {
        assertThatExceptionOfType(ConfigException.class)
            .isThrownBy(() -> new KarrotAvroDeserializer().configure(Map.of(), false))
            .withMessage("schema.registry.url must be set to the schema registry's URL");
    }

    @Test
    void settingThatIsNotABooleanIsRefused() {
        assertThatExceptionOfType(ConfigException.class)
            .isThrownBy(() -> serializer(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "yes"), false))
            .withMessageContaining("auto.register.schemas");
    }

    @Test
    void timeoutThatIsNotPositiveIsRefused() {
        assertThatExceptionOfType(ConfigException.class)
            .isThrownBy(() -> serializer(Map.of(KarrotAvroSerdeConfig.HTTP_READ_TIMEOUT_MS, "0"), false))
            .withMessageContaining("http.read.timeout.ms");
    }

    @Test
    void serializerWithoutRegistryIsNotUsable() {
        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> new KarrotAvroSerializer().serialize("users", "a"))
            .withMessageStartingWith("KarrotAvroSerializer is not configured");
    }

    private KarrotAvroSerializer serializer(Map<String, Object> settings, boolean isKey) {
        Map<String, Object> configs = new HashMap<>(settings);
        configs.put(KarrotAvroSerdeConfig.SCHEMA_REGISTRY_URL, this.stub.url());
        KarrotAvroSerializer serializer = new KarrotAvroSerializer();
        serializer.configure(configs, isKey);
        return serializer;
    }

    private String authorizationSent(Map<String, Object> settings) {
        this.stub.answer("POST", "/subjects/users-value/versions", 200, "{\"id\":1}");
        serializer(settings, false).serialize("users", record(USER_V1, Map.of("name", "a")));
        return this.stub.requests.get(this.stub.requests.size() - 1).header("Authorization");
    }
}
