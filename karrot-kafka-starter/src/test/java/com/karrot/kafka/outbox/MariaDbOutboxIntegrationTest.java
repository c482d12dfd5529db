package com.karrot.kafka.outbox;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.MARIADB_URL, matches = ".+")
class MariaDbOutboxIntegrationTest extends OutboxContractTests {

    @Override
    TestDatabase createDatabase() {
        return TestDatabase.mariadb();
    }
}
