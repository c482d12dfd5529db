package com.karrot.kafka.listener;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = InboxContractTests.POSTGRES_URL, matches = ".+")
class PostgresInboxIntegrationTest extends InboxContractTests {

    @Override
    String jdbcUrl() {
        return System.getenv(POSTGRES_URL);
    }

    @Override
    String platform() {
        return "postgresql";
    }
}
