package com.karrot.kafka.schema;

/**
 * How a new schema of a subject must relate to the schemas registered before it, with the names and meaning
 * of the Confluent Schema Registry's compatibility levels. Backward: the new schema can read data written with
 * the earlier ones, so consumers upgrade first. Forward: the earlier schemas can read data written with the new
 * one, so producers upgrade first. Full: both. The plain modes compare with the latest schema only, the
 * transitive ones with every earlier schema; {@link #NONE} accepts anything.
 */
public enum CompatibilityMode {

    /** The new schema can read data written with the latest earlier schema; the registry's default. */
    BACKWARD(true, false, false),

    /** The new schema can read data written with every earlier schema. */
    BACKWARD_TRANSITIVE(true, false, true),

    /** The latest earlier schema can read data written with the new schema. */
    FORWARD(false, true, false),

    /** Every earlier schema can read data written with the new schema. */
    FORWARD_TRANSITIVE(false, true, true),

    /** Both {@link #BACKWARD} and {@link #FORWARD}. */
    FULL(true, true, false),

    /** Both {@link #BACKWARD_TRANSITIVE} and {@link #FORWARD_TRANSITIVE}. */
    FULL_TRANSITIVE(true, true, true),

    /** No check: any schema is accepted. */
    NONE(false, false, false);

    final boolean backward;

    final boolean forward;

    final boolean transitive;

    CompatibilityMode(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }
}
