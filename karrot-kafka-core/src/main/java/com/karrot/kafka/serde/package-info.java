/**
 * The one serialization seam of Karrot Kafka: event serializers that the outbox publisher writes payloads with, and
 * deserializers that listeners read them with, chosen by the record's {@code content-type} header. JSON lives here;
 * Avro with a schema registry plugs in beside it (com.karrot.kafka.schema).
 */
@NullMarked
package com.karrot.kafka.serde;

import org.jspecify.annotations.NullMarked;
