package com.karrot.kafka.listener;

import java.util.UUID;

class H2InboxIntegrationTest extends InboxContractTests {

    private final String url = "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String jdbcUrl() {
        return this.url;
    }

    @Override
    String platform() {
        return "h2";
    }
}
