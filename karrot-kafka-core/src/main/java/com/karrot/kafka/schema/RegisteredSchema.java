package com.karrot.kafka.schema;

import org.apache.avro.Schema;

import org.springframework.util.Assert;

/**
 * A schema as registered under a subject: the subject, its version there, its global id and the schema.
 *
 * @param subject the subject
 * @param version the version under the subject, from 1
 * @param id the schema's global id
 * @param schema the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    /**
     * Creates a registered schema.
     * @param subject the subject
     * @param version the version under the subject, from 1
     * @param id the schema's global id
     * @param schema the schema
     */
    public RegisteredSchema {
        Assert.hasText(subject, "subject must not be empty");
        Assert.notNull(schema, "schema must not be null");
    }
}
