package com.karrot.kafka.outbox;

class H2OutboxIntegrationTest extends OutboxContractTests {

    @Override
    TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}
