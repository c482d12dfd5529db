package com.karrot.marketplace;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.item.ItemSale;
import com.karrot.marketplace.user.User;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The marketplace's REST API as the tests call it: one method per step a scenario takes. */
final class MarketplaceApi {

    private final RestTestClient client;

    MarketplaceApi(RestTestClient client) {
        this.client = client;
    }

    User createUser(String nickname) {
        return this.client.post().uri("/users")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("nickname", nickname, "neighborhood", "Seogyo-dong"))
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

    ItemSale sold(Item item, User buyer) {
        return sell(item.id(), buyer)
            .expectStatus().isOk()
            .expectBody(ItemSale.class).returnResult().getResponseBody();
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
