package com.karrot.kafka.listener;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = InboxContractTests.MARIADB_URL, matches = ".+")
class MariaDbInboxIntegrationTest extends InboxContractTests {

    @Override
    String jdbcUrl() {
        return System.getenv(MARIADB_URL);
    }

    @Override
    String platform() {
        return "mariadb";
    }
}
