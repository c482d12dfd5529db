package com.karrot.kafka.schema;

import java.util.List;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API a service needs: registering and looking up Avro schemas,
 * their versions per subject, compatibility checks and the compatibility configuration. Any registry that speaks
 * this API works (Confluent, Apicurio's ccompat API, Karapace, Redpanda).
 *
 * <p>Schema ids are global in the registry; versions count from 1 per subject. Every method throws
 * {@link SchemaRegistryException} when the registry refuses the request or cannot be reached. Implementations
 * must be thread-safe.
 *
 * @see HttpSchemaRegistryClient
 */
public interface SchemaRegistryClient {

    /**
     * Registers a schema under a subject after the registry's compatibility check, or returns the id it already
     * has there (without a check).
     * @param subject the subject, for example {@code orders-value}
     * @param schema the schema
     * @return the schema's id
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isIncompatible() incompatible} with
     * the subject's earlier schemas, or {@linkplain SchemaRegistryException#isInvalidSchema() invalid}
     */
    int register(String subject, Schema schema);

    /**
     * The schema with an id.
     * @param id the schema id, as in the Confluent wire format
     * @return the schema
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isSchemaNotFound() not found}
     */
    Schema schemaById(int id);

    /**
     * The version of a subject that holds a schema.
     * @param subject the subject
     * @param schema the schema
     * @return the registered schema
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isSubjectNotFound() subject not found}
     * or {@linkplain SchemaRegistryException#isSchemaNotFound() schema not found} under the subject
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The latest version of a subject.
     * @param subject the subject
     * @return the registered schema
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isSubjectNotFound() subject not found}
     */
    RegisteredSchema latestVersion(String subject);

    /**
     * A version of a subject.
     * @param subject the subject
     * @param version the version, from 1
     * @return the registered schema
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isSubjectNotFound() subject not found}
     * or {@linkplain SchemaRegistryException#isVersionNotFound() version not found}
     */
    RegisteredSchema version(String subject, int version);

    /**
     * The versions of a subject.
     * @param subject the subject
     * @return the versions, ascending
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isSubjectNotFound() subject not found}
     */
    List<Integer> versions(String subject);

    /**
     * Every subject with at least one version.
     * @return the subjects, in the registry's order
     */
    List<String> subjects();

    /**
     * Checks a schema against the latest version of a subject in the subject's compatibility mode, without
     * registering it. A subject without versions accepts any schema.
     * @param subject the subject
     * @param schema the schema
     * @return the result, with the registry's messages when it gives them
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /**
     * The compatibility mode in force for a subject: its own, else the global one.
     * @param subject the subject
     * @return the mode
     */
    CompatibilityMode compatibility(String subject);

    /**
     * The global compatibility mode, which applies to subjects without their own.
     * @return the mode
     */
    CompatibilityMode globalCompatibility();

    /**
     * Sets the compatibility mode of a subject.
     * @param subject the subject
     * @param mode the mode
     */
    void updateCompatibility(String subject, CompatibilityMode mode);

    /**
     * Sets the global compatibility mode.
     * @param mode the mode
     */
    void updateGlobalCompatibility(CompatibilityMode mode);
}
