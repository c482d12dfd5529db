/**
 * Auto-configuration of consumer lag and topic monitoring: the scheduled readers, the {@code kafkalag} and
 * {@code kafkatopics} endpoints, the {@code kafkaLag} health and the lag gauges. The readers live in core's {@code lag}.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.lag;

import org.jspecify.annotations.NullMarked;
