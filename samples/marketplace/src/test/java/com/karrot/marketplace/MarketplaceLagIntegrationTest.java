package com.karrot.marketplace;

import java.time.Duration;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.user.User;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The marketplace's consumer groups and topics in the {@code kafkalag} and {@code kafkatopics} endpoints, and the
 * {@code kafkaLag} health over the payments group (same context as {@link MarketplaceApplicationIntegrationTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "marketplace.embedded-kafka.enabled=false")
@KarrotKafkaTest(schemaRegistry = true)
@AutoConfigureRestTestClient
class MarketplaceLagIntegrationTest {

    @Autowired
    private RestTestClient client;

    @Test
    void paymentsGroupAndItsTopicAreMonitoredAndItsHealthIsUp() {
        MarketplaceApi api = new MarketplaceApi(this.client);
        User seller = api.createUser("lag seller");
        Item item = api.createItem(seller, "Bookshelf", 40_000);
        api.sold(item, api.createUser("lag buyer"));
        api.awaitPayment(item);

        // the report is refreshed every 30 s; the group and topic appear at the first refresh after they exist
        // (asked quietly: a failed expectation of the test client logs the whole exchange at ERROR)
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
            .until(() -> found("/actuator/kafkalag/marketplace-payments") && found("/actuator/kafkatopics/marketplace.item"));
        this.client.get().uri("/actuator/kafkalag/marketplace-payments").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.groupId").isEqualTo("marketplace-payments")
            .jsonPath("$.topics[0].topic").isEqualTo("marketplace.item");
        this.client.get().uri("/actuator/kafkatopics/marketplace.item").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.partitionCount").isNumber();
        this.client.get().uri("/actuator/kafkalag").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.groups[?(@.groupId == 'marketplace-receipts')]").exists();
        this.client.get().uri("/actuator/health").exchange()
            .expectBody()
            .jsonPath("$.components.kafkaLag.status").isEqualTo("UP")
            .jsonPath("$.components.kafkaLag.details['marketplace-payments']").exists();
    }

    private boolean found(String path) {
        return this.client.get().uri(path).exchange().returnResult(String.class).getStatus().is2xxSuccessful();
    }
}
