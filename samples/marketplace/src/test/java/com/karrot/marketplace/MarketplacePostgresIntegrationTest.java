package com.karrot.marketplace;

import java.util.List;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.item.ItemStatus;
import com.karrot.marketplace.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cluster} profile on a real PostgreSQL (from {@code KARROT_TEST_POSTGRES_URL}, skipped when unset):
 * the schema applies and a sale round-trips. Kafka comes from the test kit's shared broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("cluster")
@KarrotKafkaTest(schemaRegistry = true)
@AutoConfigureRestTestClient
@EnabledIfEnvironmentVariable(named = "KARROT_TEST_POSTGRES_URL", matches = ".+")
class MarketplacePostgresIntegrationTest {

    @Autowired
    private RestTestClient client;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("KARROT_TEST_POSTGRES_URL"));
    }

    @Test
    void itemIsSoldOnceOnPostgres() {
        MarketplaceApi api = new MarketplaceApi(this.client);
        User seller = api.createUser("seller");
        User buyer = api.createUser("buyer");
        Item item = api.createItem(seller, "Road bike", 120_000);

        Item sold = api.sold(item, buyer);

        assertThat(sold.status()).isEqualTo(ItemStatus.SOLD);
        api.sell(item.id(), api.createUser("late buyer")).expectStatus().isEqualTo(409);
        this.client.get().uri("/items/{id}", item.id()).exchange()
            .expectBody(Item.class).value(read -> assertThat(read).isEqualTo(sold));
        // the payment comes through ITEM_SOLD, with the inbox on PostgreSQL
        assertThat(api.awaitPayment(item).amount()).isEqualTo(120_000);
    }

    @Test
    void concurrentBuyersOfOneItemGetOneSaleOnPostgres() {
        MarketplaceApi api = new MarketplaceApi(this.client);
        Item item = api.createItem(api.createUser("seller"), "Vintage camera", 80_000);

        List<Integer> statuses = api.sellConcurrently(item.id(), api.createUsers("buyer", 8));

        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
    }

    @Test
    void healthShowsPostgresAndKafkaUp() {
        this.client.get().uri("/actuator/health").exchange()
            .expectBody()
            .jsonPath("$.components.db.details.database").isEqualTo("PostgreSQL")
            .jsonPath("$.components.kafka.status").isEqualTo("UP");
    }
}
