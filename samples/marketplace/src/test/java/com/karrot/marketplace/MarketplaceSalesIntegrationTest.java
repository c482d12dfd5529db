package com.karrot.marketplace;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.marketplace.events.NeighborhoodSales;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.user.User;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka Streams topology counts the items sold per neighborhood from {@code ITEM_SOLD}: the REST endpoint reads
 * the figures from its state store, and each change goes out as a {@code NEIGHBORHOOD_SALES_CHANGED} event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "marketplace.embedded-kafka.enabled=false")
@KarrotKafkaTest(schemaRegistry = true)
@AutoConfigureRestTestClient
class MarketplaceSalesIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Autowired
    private RestTestClient client;

    private MarketplaceApi api;

    @BeforeEach
    void setUp() {
        this.api = new MarketplaceApi(this.client);
    }

    @Test
    void salesPerNeighborhoodAreCountedFromItemSold() {
        String neighborhood = "Hapjeong-" + UUID.randomUUID().toString().substring(0, 8);
        User seller = this.api.createUser("seller", neighborhood);
        User buyer = this.api.createUser("buyer");
        Item bike = this.api.createItem(seller, "Road bike", 120_000);
        Item lamp = this.api.createItem(seller, "Desk lamp", 15_000);
        this.api.createItem(seller, "Unsold chair", 30_000);
        this.api.sold(bike, buyer);
        this.api.sold(lamp, buyer);

        NeighborhoodSales expected = new NeighborhoodSales(neighborhood, 2, 135_000);
        await().atMost(DELIVERY).untilAsserted(() -> assertThat(sales(neighborhood)).isEqualTo(expected));
        assertThat(this.client.get().uri("/sales/neighborhoods/{name}", neighborhood).exchange()
            .expectStatus().isOk()
            .expectBody(NeighborhoodSales.class).returnResult().getResponseBody()).isEqualTo(expected);
        assertThatTopic("marketplace.neighborhood").within(DELIVERY)
            .hasEventOfType(NeighborhoodSales.class)
            .withKey(neighborhood)
            .withHeader("ce_source", "/karrot-marketplace")
            .matching(NeighborhoodSales.class, sales -> sales.equals(expected));
        this.client.get().uri("/sales/neighborhoods/{name}", "Nowhere-" + neighborhood).exchange()
            .expectStatus().isNotFound();
    }

    /** The figures of a neighborhood from the list of all, or {@code null} while it has none. */
    private @Nullable NeighborhoodSales sales(String neighborhood) {
        NeighborhoodSales[] all = this.client.get().uri("/sales/neighborhoods").exchange()
            .expectStatus().isOk()
            .expectBody(NeighborhoodSales[].class).returnResult().getResponseBody();
        return Arrays.stream(all).filter(sales -> sales.neighborhood().equals(neighborhood)).findFirst().orElse(null);
    }
}
