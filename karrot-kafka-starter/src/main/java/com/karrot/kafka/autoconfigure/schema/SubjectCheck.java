package com.karrot.kafka.autoconfigure.schema;

import java.util.List;

import com.karrot.kafka.schema.AvroCompatibility;
import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.CompatibilityResult;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryException;
import org.apache.avro.Schema;

/**
 * A schema checked against a subject's versions in the subject's mode (its own, else the registry's global one),
 * locally with {@link AvroCompatibility} so that the messages say what breaks and where, whatever the registry.
 *
 * @param mode the subject's mode
 * @param result the outcome
 */
record SubjectCheck(CompatibilityMode mode, CompatibilityResult result) {

    static SubjectCheck of(SchemaRegistryClient registry, String subject, Schema candidate) {
        CompatibilityMode mode = registry.compatibility(subject);
        return new SubjectCheck(mode, AvroCompatibility.check(mode, candidate, versions(registry, subject)));
    }

    private static List<Schema> versions(SchemaRegistryClient registry, String subject) {
        try {
            return registry.versions(subject).stream().map(version -> registry.version(subject, version).schema())
                .toList();
        }
        catch (SchemaRegistryException ex) {
            if (ex.isSubjectNotFound()) {
                return List.of();
            }
            throw ex;
        }
    }
}
