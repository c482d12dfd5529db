/**
 * Machinery shared by several capabilities (the producer settings of the outbox relay, the dead-letter producer and
 * the replay), public only so that they can share it: not part of the API, may change in any release.
 */
@NullMarked
package com.karrot.kafka.internal;

import org.jspecify.annotations.NullMarked;
