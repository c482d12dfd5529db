package com.karrot.marketplace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupGuideTest {

    @Test
    void guideUsesThePortTheServerGot() {
        String guide = StartupGuide.guide(54321);

        assertThat(guide).contains("curl http://localhost:54321/actuator/health")
            .contains("curl -X POST http://localhost:54321/users")
            .contains("http://localhost:54321/items/<item id>/sell")
            .contains("http://localhost:54321/chats/messages")
            .contains("curl http://localhost:54321/actuator/kafkaoutbox")
            .contains("curl http://localhost:54321/sales/neighborhoods")
            .contains("curl http://localhost:54321/actuator/kafkastreams")
            .contains("curl -X POST http://localhost:54321/actuator/kafkadlq/marketplace.payment.dlq")
            .doesNotContain("8080");
    }
}
