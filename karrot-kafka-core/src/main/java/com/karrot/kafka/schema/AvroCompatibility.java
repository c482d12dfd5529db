package com.karrot.kafka.schema;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

import org.springframework.util.Assert;

/**
 * Checks a new Avro schema against the schemas registered before it, as the Confluent Schema Registry does for a
 * {@link CompatibilityMode}, with Avro's own reader/writer resolution rules ({@link SchemaCompatibility}). Pure
 * and thread-safe.
 *
 * <pre>{@code
 * CompatibilityResult result = AvroCompatibility.check(CompatibilityMode.BACKWARD, v3, List.of(v1, v2));
 * if (!result.isCompatible()) {
 *     result.messages().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Each message names the earlier schema by its position, oldest first ({@code schema 2 of 3}), the
 * direction that fails, Avro's incompatibility type, its location in the reader's schema as a JSON pointer
 * and Avro's detail, for example {@code the new schema cannot read data written with schema 2 of 2:
 * READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)}. Earlier schemas are checked newest first.
 */
public final class AvroCompatibility {

    private AvroCompatibility() {
    }

    /**
     * Checks a new schema.
     * @param mode the compatibility mode of the subject
     * @param candidate the new schema
     * @param previousOldestFirst the schemas registered before it, oldest first; may be empty
     * @return compatible, or incompatible with a message for each incompatibility found
     */
    public static CompatibilityResult check(CompatibilityMode mode, Schema candidate,
            List<Schema> previousOldestFirst) {
        Assert.notNull(mode, "mode must not be null");
        Assert.notNull(candidate, "candidate must not be null");
        Assert.notNull(previousOldestFirst, "previousOldestFirst must not be null");
        Assert.noNullElements(previousOldestFirst, "previousOldestFirst must not contain null");
        int count = previousOldestFirst.size();
        int oldestChecked = mode.transitive ? 0 : Math.max(count - 1, 0);
        List<String> messages = new ArrayList<>();
        for (int i = count - 1; i >= oldestChecked; i--) {
            Schema previous = previousOldestFirst.get(i);
            String name = "schema " + (i + 1) + " of " + count;
            if (mode.backward) {
                collect(candidate, previous, "the new schema cannot read data written with " + name, messages);
            }
            if (mode.forward) {
                collect(previous, candidate, name + " cannot read data written with the new schema", messages);
            }
        }
        return messages.isEmpty() ? CompatibilityResult.compatible() : CompatibilityResult.incompatible(messages);
    }

    private static void collect(Schema reader, Schema writer, String failure, List<String> messages) {
        List<Incompatibility> incompatibilities = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
            .getResult()
            .getIncompatibilities();
        for (Incompatibility incompatibility : incompatibilities) {
            messages.add(failure + ": " + incompatibility.getType() + " at " + incompatibility.getLocation() + " ("
                    + incompatibility.getMessage() + ")");
        }
    }
}
