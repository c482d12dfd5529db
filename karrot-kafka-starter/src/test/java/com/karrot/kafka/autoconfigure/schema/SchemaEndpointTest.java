package com.karrot.kafka.autoconfigure.schema;

import java.util.List;

import com.karrot.kafka.autoconfigure.schema.SchemaEndpoint.CheckDescriptor;
import com.karrot.kafka.autoconfigure.schema.SchemaEndpoint.SchemasDescriptor;
import com.karrot.kafka.autoconfigure.schema.SchemaEndpoint.SubjectDescriptor;
import com.karrot.kafka.autoconfigure.schema.SchemaEndpoint.VersionDescriptor;
import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code kafkaschemas} endpoint over the in-memory registry. */
class SchemaEndpointTest {

    private static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";

    private static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"unknown\"}]}";

    private static final String EMAIL_REQUIRED = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":\"string\"}]}";

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

    private final SchemaEndpoint endpoint = new SchemaEndpoint(this.client);

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void subjectsAreListedWithTheirVersionsIdsAndModes() {
        int v1 = this.client.register("users-value", parse(USER_V1));
        int v2 = this.client.register("users-value", parse(USER_V2));
        int other = this.client.register("orders-value", Schema.create(Schema.Type.STRING));
        this.client.updateCompatibility("orders-value", CompatibilityMode.FULL);

        SchemasDescriptor schemas = this.endpoint.schemas();

        assertThat(schemas.globalMode()).isEqualTo("BACKWARD");
        assertThat(schemas.subjects()).containsExactlyInAnyOrder(
                new SubjectDescriptor("users-value", "BACKWARD",
                        List.of(new VersionDescriptor(1, v1), new VersionDescriptor(2, v2))),
                new SubjectDescriptor("orders-value", "FULL", List.of(new VersionDescriptor(1, other))));
    }

    @Test
    void candidateIsCheckedAgainstTheSubjectWithoutBeingRegistered() {
        this.client.register("users-value", parse(USER_V1));
        this.client.updateCompatibility("users-value", CompatibilityMode.BACKWARD_TRANSITIVE);

        CheckDescriptor compatible = this.endpoint.check("users-value", USER_V2);
        CheckDescriptor incompatible = this.endpoint.check("users-value", EMAIL_REQUIRED);

        assertThat(compatible).isEqualTo(new CheckDescriptor("users-value", "BACKWARD_TRANSITIVE", true, List.of()));
        assertThat(incompatible.compatible()).isFalse();
        assertThat(incompatible.messages()).containsExactly("the new schema cannot read data written with schema 1 of 1: "
                + "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
        assertThat(this.client.versions("users-value")).containsExactly(1);
    }

    @Test
    void anyCandidateIsCompatibleWithANewSubject() {
        assertThat(this.endpoint.check("new-value", USER_V1).compatible()).isTrue();
        assertThat(this.client.subjects()).isEmpty();
    }

    @Test
    void malformedCandidateIsABadRequest() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.check("users-value", "{\"type\":\"record\""))
            .withMessageStartingWith("Malformed Avro schema: ");
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }
}
