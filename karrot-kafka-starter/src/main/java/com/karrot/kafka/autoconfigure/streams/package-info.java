/**
 * Auto-configuration of Kafka Streams over Spring Kafka's {@code StreamsBuilderFactoryBean}: production defaults,
 * bad records to dead-letter topics, the {@code kafkaStreams} health, the {@code kafkastreams} actuator endpoint and
 * the topology as a diagram. The Streams machinery they configure lives in core's {@code com.karrot.kafka.streams}.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.streams;

import org.jspecify.annotations.NullMarked;
