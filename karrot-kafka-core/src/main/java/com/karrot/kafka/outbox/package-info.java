/**
 * Publishing events: the transactional outbox (the publisher that writes events in the service's transaction, the
 * relay, the JDBC stores) and the direct publisher that sends the same records without a database.
 * The envelope lives in {@code com.karrot.kafka.event}; auto-configuration in the starter (autoconfigure.outbox).
 */
@NullMarked
package com.karrot.kafka.outbox;

import org.jspecify.annotations.NullMarked;
