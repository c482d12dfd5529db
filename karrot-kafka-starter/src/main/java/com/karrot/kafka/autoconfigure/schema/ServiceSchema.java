package com.karrot.kafka.autoconfigure.schema;

import org.apache.avro.Schema;

/**
 * A schema the service writes, and the subject it belongs under.
 *
 * @param subject the subject
 * @param schema the schema
 * @param origin where it was found, for messages: a file or a class
 */
record ServiceSchema(String subject, Schema schema, String origin) {
}
