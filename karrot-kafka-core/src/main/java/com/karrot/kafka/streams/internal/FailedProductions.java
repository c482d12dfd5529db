package com.karrot.kafka.streams.internal;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The production failures the production handler answered with {@code fail}. Kafka Streams turns that answer into a
 * {@code StreamsException} caused by the failure, thrown from the sink (at once for a record that cannot be
 * serialised, at the task's next send for one the broker refused); when a processor forwarded to the sink, Kafka
 * Streams hands that exception to the processing handler, which would otherwise drop or dead-letter the record as a
 * processing failure instead of stopping the thread. Held weakly: a failure no processor sees is forgotten.
 */
final class FailedProductions {

    // identity: exceptions do not override equals; the producer's callback thread writes, the stream thread reads
    private static final Set<Throwable> failed = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private FailedProductions() {
    }

    static void add(Exception failure) {
        failed.add(failure);
    }

    /** Whether an exception is Kafka Streams' answer to a production failure that was to stop the thread. */
    static boolean causedBy(Exception exception) {
        Throwable cause = exception.getCause();
        return cause != null && failed.remove(cause);
    }
}
