/**
 * Avro schemas: the compatibility checker, the Confluent Schema Registry client, the Avro serde in the
 * Confluent wire format and its event serializer and deserializer. The serialization seam shared by outbox and listeners lives in {@code com.karrot.kafka.serde}.
 */
@NullMarked
package com.karrot.kafka.schema;

import org.jspecify.annotations.NullMarked;
