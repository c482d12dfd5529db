package com.karrot.kafka.autoconfigure.schema;

import com.karrot.kafka.autoconfigure.schema.events.PriceChanged;
import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration of a service's schemas at start-up, against the in-memory registry over HTTP. */
class SchemaRegistrationIntegrationTest {

    private static final Schema USER_V1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"User\","
            + "\"namespace\":\"com.example\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSchemaAutoConfiguration.class, KarrotSerdeAutoConfiguration.class))
        .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                "karrot.kafka.schema.subject-name-strategy=record");

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void schemaFilesAreRegisteredAtStartUp() {
        this.contextRunner.withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/user/*.avsc")
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(this.client.subjects()).containsExactly("com.example.User");
                assertThat(this.client.latestVersion("com.example.User").schema().getField("email")).isNotNull();
            });
    }

    @Test
    void avroEventClassesOfTheApplicationAreRegisteredUnderTheirTopicAndRecordName() {
        this.contextRunner.withUserConfiguration(EventsPackage.class)
            .withPropertyValues("karrot.kafka.schema.subject-name-strategy=topic-record",
                    "karrot.kafka.outbox.topics.item=marketplace.item")
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(this.client.subjects())
                    .containsExactly("marketplace.item-com.karrot.kafka.autoconfigure.schema.events.PriceChanged");
                assertThat(this.client.latestVersion(this.client.subjects().get(0)).schema())
                    .isEqualTo(PriceChanged.SCHEMA$);
            });
    }

    @Test
    void secondStartRegistersNothingNewAndKeepsTheId() {
        ApplicationContextRunner service = this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/user/*.avsc");
        service.run(context -> assertThat(context).hasNotFailed());
        int id = this.client.latestVersion("com.example.User").id();

        service.run(context -> assertThat(context).hasNotFailed());

        assertThat(this.client.versions("com.example.User")).containsExactly(1);
        assertThat(this.client.latestVersion("com.example.User").id()).isEqualTo(id);
    }

    @Test
    void incompatibleSchemaFailsStartUpNamingSubjectModeAndWhatBreaks() {
        this.client.register("com.example.User", USER_V1);

        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/user-email-required/*.avsc")
            .run(context -> assertThat(context).getFailure()
                .isInstanceOf(SchemaRegistrationException.class)
                .hasMessageContaining("user.avsc")
                .hasMessageContaining("is incompatible with subject 'com.example.User' in mode BACKWARD: "
                        + "the new schema cannot read data written with schema 1 of 1: "
                        + "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)"));
        assertThat(this.client.versions("com.example.User")).containsExactly(1);
    }

    @Test
    void incompatibleSchemaOnlyWarnsWhenConfiguredAndStaysUnregistered() {
        this.client.register("com.example.User", USER_V1);

        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/user-email-required/*.avsc",
                    "karrot.kafka.schema.registration.on-incompatible=warn")
            .run(context -> assertThat(context).hasNotFailed());

        assertThat(this.client.versions("com.example.User")).containsExactly(1);
    }

    @Test
    void subjectsOwnModeIsUsed() {
        this.client.register("com.example.User", USER_V1);
        this.client.updateCompatibility("com.example.User", CompatibilityMode.NONE);

        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/user-email-required/*.avsc")
            .run(context -> assertThat(context).hasNotFailed());

        assertThat(this.client.versions("com.example.User")).containsExactly(1, 2);
    }

    @Test
    void malformedSchemaFileFailsStartUpNamingTheFileAndTheParseError() {
        this.contextRunner.withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/malformed/*.avsc")
            .run(context -> assertThat(context).getFailure()
                .isInstanceOf(SchemaRegistrationException.class)
                .hasMessageContaining("Malformed Avro schema in ")
                .hasMessageContaining("broken.avsc")
                .hasMessageContaining("Undefined schema: strin"));
    }

    @Test
    void registrationCanBeSwitchedOff() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registration.locations=classpath:schemas/user/*.avsc",
                    "karrot.kafka.schema.registration.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SchemaRegistrar.class));
        assertThat(this.client.subjects()).isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = PriceChanged.class)
    static class EventsPackage {
    }
}
