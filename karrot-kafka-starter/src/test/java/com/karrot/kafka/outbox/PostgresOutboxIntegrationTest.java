package com.karrot.kafka.outbox;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+")
class PostgresOutboxIntegrationTest extends OutboxContractTests {

    @Override
    TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}
