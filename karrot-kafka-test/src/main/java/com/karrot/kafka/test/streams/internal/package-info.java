/**
 * What the test kit's {@code TopologyTestDriver} helpers hand to Kafka Streams by class name. Public only because
 * Kafka Streams instantiates it: not part of the API, may change in any release.
 */
@NullMarked
package com.karrot.kafka.test.streams.internal;

import org.jspecify.annotations.NullMarked;
