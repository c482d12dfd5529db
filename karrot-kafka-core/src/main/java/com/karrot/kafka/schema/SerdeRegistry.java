package com.karrot.kafka.schema;

import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * The registry client of a {@link KarrotAvroSerializer} or {@link KarrotAvroDeserializer}: the one it was built
 * around, else the one {@code configure} connects to {@code schema.registry.url}.
 */
final class SerdeRegistry {

    private final String owner;

    private @Nullable SchemaRegistryClient client;

    SerdeRegistry(String owner, @Nullable SchemaRegistryClient client) {
        this.owner = owner;
        this.client = client;
    }

    /** Reads the serde's settings and connects to the registry they name, unless built around a client. */
    KarrotAvroSerdeConfig configure(Map<String, ?> configs) {
        KarrotAvroSerdeConfig config = new KarrotAvroSerdeConfig(configs);
        if (this.client == null) {
            this.client = config.client();
        }
        return config;
    }

    SchemaRegistryClient client() {
        SchemaRegistryClient client = this.client;
        if (client == null) {
            throw new SerializationException(this.owner + " is not configured: call configure() or pass a "
                    + "SchemaRegistryClient to its constructor");
        }
        return client;
    }
}
