/**
 * Consumer lag and topic facts read through the Kafka Admin API in a constant number of round trips: offsets, time lag,
 * Burrow-style status. The starter schedules the reads and exposes them (endpoints, health, metrics).
 */
@NullMarked
package com.karrot.kafka.lag;

import org.jspecify.annotations.NullMarked;
