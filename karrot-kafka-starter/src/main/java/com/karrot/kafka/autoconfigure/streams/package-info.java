/**
 * Auto-configuration of Kafka Streams: production defaults, bad records to dead-letter topics, health, metrics and
 * the {@code kafkastreams} endpoint.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.streams;

import org.jspecify.annotations.NullMarked;
