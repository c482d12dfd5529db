/**
 * An in-memory schema registry over HTTP that speaks the Confluent REST subset of
 * {@link com.karrot.kafka.schema.SchemaRegistryClient}; the client and the Avro serde live in {@code com.karrot.kafka.schema}.
 */
@NullMarked
package com.karrot.kafka.test.registry;

import org.jspecify.annotations.NullMarked;
