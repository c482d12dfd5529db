package com.karrot.kafka.schema;

import java.util.List;

import org.springframework.util.Assert;

/**
 * The outcome of a compatibility check: whether the new schema is compatible and, when it is not, what breaks
 * and where. Immutable.
 */
public final class CompatibilityResult {

    private static final CompatibilityResult COMPATIBLE = new CompatibilityResult(true, List.of());

    private final boolean compatible;

    private final List<String> messages;

    private CompatibilityResult(boolean compatible, List<String> messages) {
        this.compatible = compatible;
        this.messages = List.copyOf(messages);
    }

    /**
     * A compatible result.
     * @return the result, with no messages
     */
    public static CompatibilityResult compatible() {
        return COMPATIBLE;
    }

    /**
     * An incompatible result.
     * @param messages what breaks and where; may be empty when the source gave no details
     * @return the result
     */
    public static CompatibilityResult incompatible(List<String> messages) {
        Assert.notNull(messages, "messages must not be null");
        return new CompatibilityResult(false, messages);
    }

    /**
     * Whether the new schema is compatible.
     * @return {@code true} when it is
     */
    public boolean isCompatible() {
        return this.compatible;
    }

    /**
     * What breaks and where, one message per incompatibility; empty for a compatible result.
     * @return the messages, unmodifiable
     */
    public List<String> messages() {
        return this.messages;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompatibilityResult that && this.compatible == that.compatible
                && this.messages.equals(that.messages);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(this.compatible) * 31 + this.messages.hashCode();
    }

    @Override
    public String toString() {
        return this.compatible ? "compatible" : "incompatible " + this.messages;
    }
}
