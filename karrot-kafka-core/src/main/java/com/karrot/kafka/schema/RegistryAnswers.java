package com.karrot.kafka.schema;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the registry's JSON answers; an answer without the fields the Confluent API promises is a
 * {@link SchemaRegistryException} that quotes it.
 */
final class RegistryAnswers {

    private RegistryAnswers() {
    }

    /** A schema with its subject, version and id, as {@code GET /subjects/{s}/versions/{v}} answers. */
    static RegisteredSchema registered(JsonNode answer) {
        return new RegisteredSchema(text(answer, "subject"), integer(answer, "version"), integer(answer, "id"),
                avro(answer));
    }

    /** The Avro schema in the {@code schema} field; other schema types are refused. */
    static Schema avro(JsonNode answer) {
        String type = answer.path("schemaType").asString("AVRO");
        if (!"AVRO".equals(type)) {
            throw unexpected(answer, "a " + type + " schema, not an Avro one");
        }
        try {
            return new Schema.Parser().parse(text(answer, "schema"));
        }
        catch (SchemaParseException ex) {
            throw unexpected(answer, "a schema that does not parse: " + ex.getMessage());
        }
    }

    /** The compatibility mode of a {@code GET /config} answer. */
    static CompatibilityMode mode(JsonNode answer) {
        String level = text(answer, "compatibilityLevel");
        try {
            return CompatibilityMode.valueOf(level);
        }
        catch (IllegalArgumentException ex) {
            throw unexpected(answer, "an unknown compatibility level " + level);
        }
    }

    static String text(JsonNode answer, String field) {
        if (!answer.path(field).isString()) {
            throw unexpected(answer, "no " + field);
        }
        return answer.path(field).asString();
    }

    static int integer(JsonNode answer, String field) {
        if (!answer.path(field).isIntegralNumber()) {
            throw unexpected(answer, "no " + field);
        }
        return answer.path(field).asInt();
    }

    private static SchemaRegistryException unexpected(JsonNode answer, String problem) {
        return new SchemaRegistryException(200, 200, "Unexpected answer with " + problem + ": " + answer);
    }
}
