package com.karrot.marketplace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.payment.Payment;
import com.karrot.marketplace.user.User;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.awaitility.Awaitility.await;

/** The marketplace's REST API as the tests call it: one method per step a scenario takes. */
final class MarketplaceApi {

    static final Duration EVENT_DELIVERY = Duration.ofSeconds(30);

    private final RestTestClient client;

    MarketplaceApi(RestTestClient client) {
        this.client = client;
    }

    User createUser(String nickname) {
        return createUser(nickname, "Seogyo-dong");
    }

    User createUser(String nickname, String neighborhood) {
        return this.client.post().uri("/users")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("nickname", nickname, "neighborhood", neighborhood))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(User.class).returnResult().getResponseBody();
    }

    List<User> createUsers(String nicknamePrefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> createUser(nicknamePrefix + " " + i)).toList();
    }

    Item createItem(User seller, String title, long price) {
        return this.client.post().uri("/items")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("sellerId", seller.id(), "title", title, "price", price))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(Item.class).returnResult().getResponseBody();
    }

    RestTestClient.ResponseSpec sell(String itemId, User buyer) {
        return this.client.post().uri("/items/{id}/sell", itemId)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("buyerId", buyer.id()))
            .exchange();
    }

    Item sold(Item item, User buyer) {
        return sell(item.id(), buyer)
            .expectStatus().isOk()
            .expectBody(Item.class).returnResult().getResponseBody();
    }

    List<Payment> payments() {
        return this.client.get().uri("/payments").exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Payment>>() { }).returnResult().getResponseBody();
    }

    List<Payment> paymentsFor(Item item) {
        return payments().stream().filter(payment -> payment.itemId().equals(item.id())).toList();
    }

    /** Waits for the payment that the item's {@code ITEM_SOLD} event requests, through Kafka. */
    Payment awaitPayment(Item item) {
        return await().atMost(EVENT_DELIVERY).until(() -> paymentsFor(item), payments -> !payments.isEmpty()).get(0);
    }

    /** Lets every buyer try to buy the item at the same time; returns the HTTP statuses they got. */
    List<Integer> sellConcurrently(String itemId, List<User> buyers) {
        ExecutorService pool = Executors.newFixedThreadPool(buyers.size());
        try {
            List<CompletableFuture<Integer>> sales = buyers.stream()
                .map(buyer -> CompletableFuture.supplyAsync(
                        () -> sell(itemId, buyer).returnResult().getStatus().value(), pool))
                .toList();
            return sales.stream().map(CompletableFuture::join).toList();
        }
        finally {
            pool.shutdownNow();
        }
    }
}
