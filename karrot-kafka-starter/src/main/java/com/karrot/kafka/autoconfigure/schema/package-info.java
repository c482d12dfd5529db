/**
 * Auto-configuration of the schema registry: its client, Avro in the serialization seam, schema registration at
 * start-up and the kafkaschemas endpoint; the Avro serde and registry client live in com.karrot.kafka.schema.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.schema;

import org.jspecify.annotations.NullMarked;
