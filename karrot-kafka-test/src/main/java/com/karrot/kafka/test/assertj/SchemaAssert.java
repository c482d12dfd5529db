package com.karrot.kafka.test.assertj;

import java.util.List;

import com.karrot.kafka.schema.AvroCompatibility;
import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.CompatibilityResult;
import com.karrot.kafka.schema.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an Avro schema a service is about to ship: compatible with what a registry holds for a subject, or
 * with a history of schemas under a mode. Create it with {@link KarrotKafkaAssertions#assertThatSchema(Schema)}.
 */
public final class SchemaAssert extends AbstractAssert<SchemaAssert, Schema> {

    SchemaAssert(Schema schema) {
        super(schema, SchemaAssert.class);
    }

    /**
     * Checks the schema against a subject of a registry, with the subject's compatibility mode, without registering
     * it (the registry's compatibility check).
     * @param registry the registry client
     * @param subject the subject, for example {@code marketplace.payment-com.karrot.PaymentRequested}
     * @return this assertion
     */
    public SchemaAssert isCompatibleWithSubject(SchemaRegistryClient registry, String subject) {
        return compatible(registry.testCompatibility(subject, this.actual), "subject \"" + subject + "\"");
    }

    /**
     * Checks the schema against earlier schemas under a compatibility mode, as the registry would.
     * @param mode the mode, for example {@link CompatibilityMode#BACKWARD}
     * @param previousOldestFirst the earlier schemas, oldest first
     * @return this assertion
     */
    public SchemaAssert isCompatibleWith(CompatibilityMode mode, List<Schema> previousOldestFirst) {
        return compatible(AvroCompatibility.check(mode, this.actual, previousOldestFirst),
                previousOldestFirst.size() + " earlier schema(s) under " + mode);
    }

    private SchemaAssert compatible(CompatibilityResult result, String against) {
        if (!result.isCompatible()) {
            throw failure("Expecting schema %s to be compatible with %s, but:%n  %s", this.actual.getFullName(), against,
                    String.join("\n  ", result.messages()));
        }
        return this;
    }
}
