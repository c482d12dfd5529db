/**
 * AssertJ assertions for service tests: what a topic received since the test started ({@link
 * com.karrot.kafka.test.assertj.KarrotKafkaAssertions#assertThatTopic}), awaited within a bound, with failure
 * messages that list what was seen.
 */
@NullMarked
package com.karrot.kafka.test.assertj;

import org.jspecify.annotations.NullMarked;
