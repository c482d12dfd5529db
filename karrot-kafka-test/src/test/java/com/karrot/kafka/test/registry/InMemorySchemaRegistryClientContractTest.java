package com.karrot.kafka.test.registry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The client contract against the in-memory registry, one for the whole class. */
class InMemorySchemaRegistryClientContractTest extends SchemaRegistryClientContractTests {

    private static InMemorySchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = InMemorySchemaRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Override
    protected String registryUrl() {
        return registry.url();
    }
}
