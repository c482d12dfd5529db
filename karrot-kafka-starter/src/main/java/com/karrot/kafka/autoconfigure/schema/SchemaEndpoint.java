package com.karrot.kafka.autoconfigure.schema;

import java.util.List;

import com.karrot.kafka.schema.RegisteredSchema;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code kafkaschemas} actuator endpoint: the registry's subjects with their versions, ids and compatibility
 * modes and the schema of each version (read), and a check of a candidate schema against a subject without registering it (write). The write
 * operation is off unless the service grants it with {@code management.endpoint.kafkaschemas.access=unrestricted}.
 */
@Endpoint(id = "kafkaschemas", defaultAccess = Access.READ_ONLY)
public class SchemaEndpoint {

    private final SchemaRegistryClient registry;

    SchemaEndpoint(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * Every subject of the registry with its versions and mode.
     * @return the registry's global mode and its subjects
     */
    @ReadOperation
    public SchemasDescriptor schemas() {
        List<SubjectDescriptor> subjects = this.registry.subjects().stream().map(this::subject).toList();
        return new SchemasDescriptor(this.registry.globalCompatibility().name(), subjects);
    }

    /**
     * One version of a subject with its schema, for reading or comparing versions.
     * @param subject the subject
     * @param version the version, from 1
     * @return the version with its schema as pretty-printed Avro JSON, or {@code null} (404) when there is no such
     * subject or version
     */
    @ReadOperation
    public @Nullable SchemaDescriptor version(@Selector String subject, @Selector int version) {
        try {
            RegisteredSchema registered = this.registry.version(subject, version);
            return new SchemaDescriptor(subject, registered.version(), registered.id(), registered.schema().toString(true));
        }
        catch (SchemaRegistryException ex) {
            if (ex.isSubjectNotFound() || ex.isVersionNotFound()) {
                return null;
            }
            throw ex;
        }
    }

    /**
     * Checks a candidate schema against a subject's versions in the subject's mode; nothing is registered.
     * @param subject the subject
     * @param schema the candidate schema, as Avro JSON
     * @return whether the candidate could be registered, and what breaks if not
     */
    @WriteOperation
    public CheckDescriptor check(@Selector String subject, String schema) {
        Schema candidate;
        try {
            candidate = new Schema.Parser().parse(schema);
        }
        catch (AvroRuntimeException ex) {
            throw new InvalidEndpointRequestException("Malformed Avro schema: " + ex.getMessage(), "malformed schema");
        }
        SubjectCheck check = SubjectCheck.of(this.registry, subject, candidate);
        return new CheckDescriptor(subject, check.mode().name(), check.result().isCompatible(),
                check.result().messages());
    }

    private SubjectDescriptor subject(String subject) {
        List<VersionDescriptor> versions = this.registry.versions(subject).stream().map(version -> {
            RegisteredSchema registered = this.registry.version(subject, version);
            return new VersionDescriptor(registered.version(), registered.id());
        }).toList();
        return new SubjectDescriptor(subject, this.registry.compatibility(subject).name(), versions);
    }

    /**
     * What the endpoint reports.
     * @param globalMode the registry's global compatibility mode
     * @param subjects the subjects, in the registry's order
     */
    public record SchemasDescriptor(String globalMode, List<SubjectDescriptor> subjects) {
    }

    /**
     * One subject.
     * @param subject its name
     * @param mode the compatibility mode in force for it (its own, else the global one)
     * @param versions its versions, oldest first
     */
    public record SubjectDescriptor(String subject, String mode, List<VersionDescriptor> versions) {
    }

    /**
     * One version of a subject.
     * @param version the version, from 1
     * @param id the schema's global id, as in the Confluent wire format
     */
    public record VersionDescriptor(int version, int id) {
    }

    /**
     * One version of a subject with its schema.
     * @param subject the subject
     * @param version the version, from 1
     * @param id the schema's global id
     * @param schema the schema as pretty-printed Avro JSON
     */
    public record SchemaDescriptor(String subject, int version, int id, String schema) {
    }

    /**
     * The outcome of a check.
     * @param subject the subject
     * @param mode the mode checked in
     * @param compatible whether the candidate could be registered
     * @param messages what breaks and where; empty when compatible
     */
    public record CheckDescriptor(String subject, String mode, boolean compatible, List<String> messages) {
    }
}
