package com.karrot.marketplace;

import java.util.List;
import java.util.Map;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.marketplace.chat.ChatMessage;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.item.ItemStatus;
import com.karrot.marketplace.payment.Payment;
import com.karrot.marketplace.user.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marketplace over HTTP on H2, with Kafka from the test kit's shared broker (the sample's own embedded
 * broker is switched off, so the broker the health check sees is the one {@link KarrotKafkaTest} supplies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "marketplace.embedded-kafka.enabled=false")
@KarrotKafkaTest(schemaRegistry = true)
@AutoConfigureRestTestClient
class MarketplaceApplicationIntegrationTest {

    @Autowired
    private RestTestClient client;

    private MarketplaceApi api;

    @BeforeEach
    void setUp() {
        this.api = new MarketplaceApi(this.client);
    }

    @Test
    void itemIsSoldOnceAndItsPaymentIsRequestedThroughTheItemSoldEvent() {
        User seller = this.api.createUser("seller");
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(seller, "Road bike", 120_000);
        assertThat(item.status()).isEqualTo(ItemStatus.AVAILABLE);

        Item sold = this.api.sold(item, buyer);

        assertThat(sold.status()).isEqualTo(ItemStatus.SOLD);
        assertThat(sold.buyerId()).isEqualTo(buyer.id());
        assertThat(sold.soldAt()).isNotNull();
        this.client.get().uri("/items/{id}", item.id()).exchange()
            .expectStatus().isOk()
            .expectBody(Item.class).value(read -> assertThat(read).isEqualTo(sold));
        Payment payment = this.api.awaitPayment(item);
        assertThat(payment.amount()).isEqualTo(120_000);
        assertThat(payment.buyerId()).isEqualTo(buyer.id());
        assertThat(payment.sellerId()).isEqualTo(seller.id());
    }

    @Test
    void sellingASoldItemAgainIsAConflict() {
        User seller = this.api.createUser("seller");
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(seller, "Desk lamp", 15_000);
        this.api.sold(item, buyer);

        this.api.sell(item.id(), this.api.createUser("late buyer"))
            .expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.detail").isEqualTo("item " + item.id() + " is already sold");
    }

    @Test
    void concurrentBuyersOfOneItemGetOneSaleAndConflicts() {
        User seller = this.api.createUser("seller");
        Item item = this.api.createItem(seller, "Vintage camera", 80_000);
        List<User> buyers = this.api.createUsers("buyer", 8);

        List<Integer> statuses = this.api.sellConcurrently(item.id(), buyers);

        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        this.api.awaitPayment(item);
        assertThat(this.api.paymentsFor(item)).hasSize(1);
    }

    @Test
    void sellingAnUnknownItemIsNotFound() {
        this.api.sell("no-such-item", this.api.createUser("buyer"))
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.detail").isEqualTo("no item with id no-such-item");
    }

    @Test
    void itemWithoutTitleIsRejectedWithAMessage() {
        User seller = this.api.createUser("seller");

        this.client.post().uri("/items")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("sellerId", seller.id(), "price", 1000))
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("title must not be empty");
    }

    @Test
    void itemOfAnUnknownSellerIsRejectedWithAMessage() {
        this.client.post().uri("/items")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("sellerId", "nobody", "title", "Chair", "price", 1000))
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("sellerId: no user with id nobody");
    }

    @Test
    void malformedJsonIsABadRequest() {
        this.client.post().uri("/users")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"nickname\":")
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("Failed to read request");
    }

    @Test
    void userProfileIsUpdated() {
        User user = this.api.createUser("before");

        this.client.put().uri("/users/{id}", user.id())
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("nickname", "after", "neighborhood", "Mangwon-dong"))
            .exchange()
            .expectStatus().isOk();

        this.client.get().uri("/users/{id}", user.id()).exchange()
            .expectStatus().isOk()
            .expectBody(User.class).value(read -> {
                assertThat(read.nickname()).isEqualTo("after");
                assertThat(read.neighborhood()).isEqualTo("Mangwon-dong");
                assertThat(read.createdAt()).isEqualTo(user.createdAt());
            });
    }

    @Test
    void unknownUserIsNotFound() {
        this.client.get().uri("/users/{id}", "nobody").exchange()
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.detail").isEqualTo("no user with id nobody");
    }

    @Test
    void chatMessageAboutAnItemIsSent() {
        User seller = this.api.createUser("seller");
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(seller, "Rice cooker", 30_000);

        this.client.post().uri("/chats/messages")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("fromUserId", buyer.id(), "toUserId", seller.id(), "itemId", item.id(),
                    "text", "Is it still available?"))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(ChatMessage.class).value(message -> {
                assertThat(message.itemId()).isEqualTo(item.id());
                assertThat(message.text()).isEqualTo("Is it still available?");
            });
    }

    @Test
    void chatMessageToOneselfIsRejectedWithAMessage() {
        User seller = this.api.createUser("seller");
        Item item = this.api.createItem(seller, "Rice cooker", 30_000);

        this.client.post().uri("/chats/messages")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("fromUserId", seller.id(), "toUserId", seller.id(), "itemId", item.id(), "text", "hi"))
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("toUserId must differ from fromUserId");
    }

    @Test
    void healthShowsTheKafkaClusterUp() {
        this.client.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.components.kafka.status").isEqualTo("UP")
            .jsonPath("$.components.kafka.details.clusterId").value(String.class,
                    clusterId -> assertThat(clusterId).isNotBlank())
            .jsonPath("$.components.kafka.details.brokers").isEqualTo(1);
    }
}
