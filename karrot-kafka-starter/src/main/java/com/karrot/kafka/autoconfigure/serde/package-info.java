/**
 * Auto-configuration of the serialization seam that the outbox (com.karrot.kafka.autoconfigure.outbox) and the
 * listeners (com.karrot.kafka.autoconfigure.listener) share; the seam itself lives in com.karrot.kafka.serde.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.serde;

import org.jspecify.annotations.NullMarked;
