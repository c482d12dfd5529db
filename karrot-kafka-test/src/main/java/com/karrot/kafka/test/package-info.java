/**
 * The test kit: one in-process broker shared per JVM ({@code @KarrotKafkaTest}) and a child-JVM broker for fault tests.
 * What it tests lives in karrot-kafka-core and karrot-kafka-starter; their own tests use it too.
 */
@NullMarked
package com.karrot.kafka.test;

import org.jspecify.annotations.NullMarked;
