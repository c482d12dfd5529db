package com.karrot.kafka.test.registry;

import java.util.UUID;

import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.RegisteredSchema;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link HttpSchemaRegistryClient} and a Confluent-compatible registry must agree on, runnable against any
 * registry: a subclass supplies the URL. Each test works on subjects of its own, sets the compatibility mode of
 * the subjects it relies on and assumes nothing of ids but what registrations return, so that a shared registry
 * holding other schemas serves too. The global mode is read, never changed.
 */
abstract class SchemaRegistryClientContractTests {

    private static final String NAME = "{\"name\":\"name\",\"type\":\"string\"}";

    private static final String EMAIL = "{\"name\":\"email\",\"type\":\"string\"}";

    private static final String EMAIL_WITH_DEFAULT = "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}";

    private static final Schema V1 = user(NAME);

    private static final Schema V2 = user(NAME, EMAIL_WITH_DEFAULT);

    private static final Schema EMAIL_REQUIRED = user(NAME, EMAIL);

    private SchemaRegistryClient client;

    private String subject;

    /**
     * The base URL of the registry under test.
     * @return for example {@code http://127.0.0.1:8081}
     */
    protected abstract String registryUrl();

    @BeforeEach
    void newClientAndSubject() {
        this.client = HttpSchemaRegistryClient.builder(registryUrl()).build();
        this.subject = "contract-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registeredSchemaIsFoundByItsId() {
        int id = this.client.register(this.subject, V1);

        assertThat(freshClient().schemaById(id)).isEqualTo(V1);
    }

    @Test
    void registeringTheSameSchemaAgainGivesItsIdWithoutANewVersion() {
        int id = this.client.register(this.subject, V1);

        assertThat(freshClient().register(this.subject, V1)).isEqualTo(id);
        assertThat(this.client.versions(this.subject)).containsExactly(1);
    }

    @Test
    void sameSchemaUnderAnotherSubjectHasTheSameId() {
        int id = this.client.register(this.subject, V1);

        assertThat(this.client.register(this.subject + "-other", V1)).isEqualTo(id);
    }

    @Test
    void versionsCountFromOnePerSubject() {
        // ids are global: one taken by another subject first makes them differ from this subject's versions
        this.client.register(this.subject + "-other", Schema.create(Schema.Type.STRING));
        this.client.updateCompatibility(this.subject, CompatibilityMode.BACKWARD);
        int first = this.client.register(this.subject, V1);
        int second = this.client.register(this.subject, V2);

        assertThat(this.client.versions(this.subject)).containsExactly(1, 2);
        assertThat(this.client.version(this.subject, 1)).isEqualTo(new RegisteredSchema(this.subject, 1, first, V1));
        assertThat(this.client.latestVersion(this.subject)).isEqualTo(new RegisteredSchema(this.subject, 2, second, V2));
        assertThat(this.client.subjects()).contains(this.subject);
    }

    @Test
    void lookupFindsTheVersionThatHoldsTheSchema() {
        this.client.updateCompatibility(this.subject, CompatibilityMode.BACKWARD);
        this.client.register(this.subject, V1);
        int id = this.client.register(this.subject, V2);

        assertThat(freshClient().lookup(this.subject, V2)).isEqualTo(new RegisteredSchema(this.subject, 2, id, V2));
    }

    @Test
    void incompatibleSchemaIsRefusedAndNotRegistered() {
        this.client.updateCompatibility(this.subject, CompatibilityMode.BACKWARD);
        this.client.register(this.subject, V1);

        assertThatExceptionOfType(SchemaRegistryException.class)
            .isThrownBy(() -> this.client.register(this.subject, EMAIL_REQUIRED))
            .satisfies(ex -> assertThat(ex.isIncompatible()).isTrue())
            .satisfies(ex -> assertThat(ex.status()).isEqualTo(409));
        assertThat(this.client.versions(this.subject)).containsExactly(1);
    }

    @Test
    void transitiveModeChecksEveryEarlierVersionThePlainModeOnlyTheLatest() {
        this.client.updateCompatibility(this.subject, CompatibilityMode.BACKWARD_TRANSITIVE);
        this.client.register(this.subject, V1);
        this.client.register(this.subject, V2);

        assertThatExceptionOfType(SchemaRegistryException.class)
            .isThrownBy(() -> this.client.register(this.subject, EMAIL_REQUIRED))
            .satisfies(ex -> assertThat(ex.isIncompatible()).isTrue());

        this.client.updateCompatibility(this.subject, CompatibilityMode.BACKWARD);
        this.client.register(this.subject, EMAIL_REQUIRED);
        assertThat(this.client.versions(this.subject)).containsExactly(1, 2, 3);
    }

    @Test
    void compatibilityCheckReportsWithoutRegistering() {
        this.client.updateCompatibility(this.subject, CompatibilityMode.BACKWARD);
        this.client.register(this.subject, V1);

        assertThat(this.client.testCompatibility(this.subject, V2).isCompatible()).isTrue();
        assertThat(this.client.testCompatibility(this.subject, EMAIL_REQUIRED).isCompatible()).isFalse();
        assertThat(this.client.testCompatibility(this.subject, EMAIL_REQUIRED).messages()).isNotEmpty();
        assertThat(this.client.versions(this.subject)).containsExactly(1);
    }

    @Test
    void subjectWithoutVersionsAcceptsAnySchema() {
        assertThat(this.client.testCompatibility(this.subject, EMAIL_REQUIRED).isCompatible()).isTrue();
    }

    @Test
    void subjectCompatibilityIsItsOwnOnceSetElseTheGlobalOne() {
        CompatibilityMode global = this.client.globalCompatibility();

        assertThat(this.client.compatibility(this.subject)).isEqualTo(global);
        this.client.updateCompatibility(this.subject, CompatibilityMode.FULL_TRANSITIVE);
        assertThat(this.client.compatibility(this.subject)).isEqualTo(CompatibilityMode.FULL_TRANSITIVE);
    }

    @Test
    void unknownSubjectIsSubjectNotFound() {
        assertThatExceptionOfType(SchemaRegistryException.class)
            .isThrownBy(() -> this.client.latestVersion(this.subject))
            .satisfies(ex -> assertThat(ex.isSubjectNotFound()).isTrue())
            .satisfies(ex -> assertThat(ex.status()).isEqualTo(404));
        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> this.client.versions(this.subject))
            .satisfies(ex -> assertThat(ex.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> this.client.lookup(this.subject, V1))
            .satisfies(ex -> assertThat(ex.isSubjectNotFound()).isTrue());
    }

    @Test
    void unknownVersionIsVersionNotFound() {
        this.client.register(this.subject, V1);

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> this.client.version(this.subject, 2))
            .satisfies(ex -> assertThat(ex.isVersionNotFound()).isTrue());
    }

    @Test
    void schemaNotUnderTheSubjectIsSchemaNotFound() {
        this.client.register(this.subject, V1);

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> this.client.lookup(this.subject, V2))
            .satisfies(ex -> assertThat(ex.isSchemaNotFound()).isTrue());
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        assertThatExceptionOfType(SchemaRegistryException.class)
            .isThrownBy(() -> this.client.schemaById(Integer.MAX_VALUE))
            .satisfies(ex -> assertThat(ex.isSchemaNotFound()).isTrue())
            .satisfies(ex -> assertThat(ex.status()).isEqualTo(404));
    }

    @Test
    void subjectWithSlashesAndSpacesIsOneSubject() {
        String subject = "team/" + this.subject + " v";

        int id = this.client.register(subject, V1);

        assertThat(this.client.latestVersion(subject).id()).isEqualTo(id);
        assertThat(this.client.subjects()).contains(subject);
    }

    private SchemaRegistryClient freshClient() {
        return HttpSchemaRegistryClient.builder(registryUrl()).build();
    }

    private static Schema user(String... fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.karrot.contract\","
                + "\"fields\":[" + String.join(",", fields) + "]}");
    }
}
