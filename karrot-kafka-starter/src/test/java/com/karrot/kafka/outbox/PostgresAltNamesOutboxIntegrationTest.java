package com.karrot.kafka.outbox;

import com.karrot.kafka.jdbc.TableNames;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The contract on PostgreSQL with tables of another prefix in a schema of their own, which the test creates. */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+")
class PostgresAltNamesOutboxIntegrationTest extends OutboxContractTests {

    @Override
    TestDatabase createDatabase() {
        return TestDatabase.postgres(TableNames.of("karrot_alt", "alt_"));
    }
}
