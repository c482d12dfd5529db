/**
 * Kafka Streams topologies under test without a broker: {@link com.karrot.kafka.test.streams.KarrotTopologyTestDriver}
 * runs a topology in Kafka's {@code TopologyTestDriver} with the settings, serdes and dead-letter handling the starter
 * gives it in production. Tests against a broker use {@link com.karrot.kafka.test.assertj}.
 */
@NullMarked
package com.karrot.kafka.test.streams;

import org.jspecify.annotations.NullMarked;
