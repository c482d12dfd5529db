package com.karrot.kafka.listener;

import com.karrot.kafka.jdbc.TableNames;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The contract on PostgreSQL with a table of another prefix in a schema of its own, which the test creates. */
@EnabledIfEnvironmentVariable(named = InboxContractTests.POSTGRES_URL, matches = ".+")
class PostgresAltNamesInboxIntegrationTest extends InboxContractTests {

    @Override
    String jdbcUrl() {
        return System.getenv(POSTGRES_URL);
    }

    @Override
    String platform() {
        return "postgresql";
    }

    @Override
    TableNames tables() {
        return TableNames.of("karrot_alt", "alt_");
    }
}
