package com.karrot.kafka.listener;

import com.karrot.kafka.outbox.OutboxDatabase;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = InboxContractTests.POSTGRES_URL, matches = ".+")
class PostgresInboxIntegrationTest extends InboxContractTests {

    @Override
    String jdbcUrl() {
        return System.getenv(POSTGRES_URL);
    }

    @Override
    OutboxDatabase database() {
        return OutboxDatabase.POSTGRESQL;
    }
}
