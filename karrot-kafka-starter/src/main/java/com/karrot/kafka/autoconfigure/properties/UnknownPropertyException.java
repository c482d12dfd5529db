package com.karrot.kafka.autoconfigure.properties;

import org.jspecify.annotations.Nullable;

/** A {@code karrot.kafka.*} property that no Karrot Kafka properties class declares, usually a misspelt key. */
final class UnknownPropertyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final @Nullable String nearest;

    private final String origin;

    UnknownPropertyException(String property, @Nullable String nearest, String origin) {
        super("Unknown property " + property + " (in " + origin + ")"
                + (nearest != null ? "; did you mean " + nearest + "?" : ""));
        this.property = property;
        this.nearest = nearest;
        this.origin = origin;
    }

    String property() {
        return this.property;
    }

    @Nullable String nearest() {
        return this.nearest;
    }

    String origin() {
        return this.origin;
    }
}
