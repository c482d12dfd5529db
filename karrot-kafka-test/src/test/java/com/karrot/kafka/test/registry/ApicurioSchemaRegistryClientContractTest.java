package com.karrot.kafka.test.registry;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The client contract against a real Apicurio Registry 3.x through its Confluent-compatible API
 * ({@code /apis/ccompat/v7}), one process for the whole class. Runs only in the {@code apicurio} Maven profile,
 * which unpacks the registry and says where: {@code mvn -B -P apicurio -pl karrot-kafka-test -am test
 * -Dtest=ApicurioSchemaRegistryClientContractTest -Dsurefire.failIfNoSpecifiedTests=false}. See docs/schemas.md.
 */
@EnabledIfSystemProperty(named = ApicurioRegistryProcess.HOME_PROPERTY, matches = ".+")
class ApicurioSchemaRegistryClientContractTest extends SchemaRegistryClientContractTests {

    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = ApicurioRegistryProcess.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    protected String registryUrl() {
        return registry.url();
    }
}
