package com.karrot.marketplace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.assertj.KarrotKafkaScenario;
import com.karrot.marketplace.events.ChatMessageSent;
import com.karrot.marketplace.events.ItemSold;
import com.karrot.marketplace.events.PaymentRequested;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.payment.Payment;
import com.karrot.marketplace.user.User;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatDeadLetters;
import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The marketplace's events reach Kafka through the outbox exactly when their transactions commit: one
 * {@code ITEM_SOLD} per sale however many buyers race, none for a refused sale.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "marketplace.embedded-kafka.enabled=false")
@KarrotKafkaTest(schemaRegistry = true)
@AutoConfigureRestTestClient
class MarketplaceEventsIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Autowired
    private RestTestClient client;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private KarrotKafkaScenario scenario;

    private MarketplaceApi api;

    @BeforeEach
    void setUp() {
        this.api = new MarketplaceApi(this.client);
    }

    @Test
    void saleWritesItemSoldAndPaymentRequestedOnceEvenWhenBuyersRace() {
        User seller = this.api.createUser("seller");
        Item item = this.api.createItem(seller, "Vintage camera", 80_000);
        List<Integer> statuses = this.api.sellConcurrently(item.id(), this.api.createUsers("buyer", 5));
        assertThat(statuses).containsOnlyOnce(200);

        assertThatTopic("marketplace.item").within(DELIVERY)
            .hasEventTypesInOrderForKey(item.id(), "ITEM_CREATED", "ITEM_SOLD");
        assertThatTopic("marketplace.item").within(DELIVERY)
            .hasEventOfType(ItemSold.class)
            .withKey(item.id())
            .withHeader("ce_source", "/karrot-marketplace")
            .withPayloadSatisfying(ItemSold.class, sold -> assertThat(sold.price()).isEqualTo(80_000))
            .hasCount(1);
        assertThatTopic("marketplace.payment").within(DELIVERY)
            .hasEventOfType(PaymentRequested.class)
            .matching(PaymentRequested.class, payment -> item.id().contentEquals(payment.getItemId()))
            .withHeader("content-type", "application/vnd.karrot.avro")
            .hasCount(1);
    }

    @Test
    void refusedSalePublishesNothing() {
        User seller = this.api.createUser("seller");
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(seller, "Desk", 30_000);

        this.scenario.when(() -> this.api.sell(item.id(), seller).expectStatus().isBadRequest())
            .thenTopic("marketplace.item")
            .within(Duration.ofSeconds(2))
            .hasNoEventOfType("ITEM_SOLD");
        this.scenario.when(() -> this.api.sold(item, buyer))
            .thenPublished(ItemSold.class)
            .withKey(item.id())
            .matching(sold -> sold.buyerId().equals(buyer.id()))
            .hasCount(1);
    }

    @Test
    void redeliveredItemSoldRequestsNoSecondPayment() {
        Item item = this.api.createItem(this.api.createUser("seller"), "Tent", 70_000);
        this.api.sold(item, this.api.createUser("buyer"));
        this.api.awaitPayment(item);
        ConsumerRecord<byte[], byte[]> sold = assertThatTopic("marketplace.item").within(DELIVERY)
            .hasEventOfType(ItemSold.class)
            .withKey(item.id())
            .records()
            .get(0);
        double duplicatesBefore = paymentListenerDuplicates();

        // the same record again (same ce_id), as after a crash between the payment's commit and the offset commit
        this.scenario.publishRecord(sold);

        await().atMost(DELIVERY).until(() -> paymentListenerDuplicates() > duplicatesBefore);
        assertThat(this.api.paymentsFor(item)).hasSize(1);
    }

    @Test
    void receiptThatCannotBeMailedGoesToTheDeadLetterTopicAndIsMailedOnceWhenReplayed() {
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(this.api.createUser("seller"), "Drone", 250_000);
        mailServer(false);
        try {
            this.api.sold(item, buyer);
            Payment payment = this.api.awaitPayment(item);
            assertThatDeadLetters("marketplace.payment.dlq").within(DELIVERY)
                .hasDeadLetter()
                .withKey(payment.id())
                .withException(IllegalStateException.class)
                .fromGroup("marketplace-receipts")
                .withHeader("ce_type", "PAYMENT_REQUESTED")
                .withHeader("kafka_dlt-original-topic", "marketplace.payment")
                .hasCount(1);
        }
        finally {
            mailServer(true);
        }
        assertThat(receiptsOf(buyer)).isEmpty();
        replayReceipts(true).jsonPath("$.toReplay").value(Integer.class, count -> assertThat(count).isPositive())
            .jsonPath("$.replayed").isEqualTo(0);
        assertThat(receiptsOf(buyer)).isEmpty();

        replayReceipts(false).jsonPath("$.complete").isEqualTo(true);

        await().atMost(DELIVERY).until(() -> receiptsOf(buyer).size() == 1);
        replayReceipts(false).jsonPath("$.replayed").isEqualTo(0);
        this.client.get().uri("/actuator/kafkadlq").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.topics[?(@.topic == 'marketplace.payment.dlq')].replayed")
            .value(List.class, replayed -> assertThat(replayed).singleElement()
                .satisfies(count -> assertThat(((Number) count).longValue()).isPositive()));
        assertThat(receiptsOf(buyer)).hasSize(1);
    }

    @Test
    void chatMessagesOfAConversationShareOneKey() {
        User seller = this.api.createUser("seller");
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(seller, "Sofa", 50_000);
        chat(buyer, seller, item, "Is it still available?");
        chat(seller, buyer, item, "Yes!");
        List<ConsumerRecord<byte[], byte[]>> chats = assertThatTopic("marketplace.chat").within(DELIVERY)
            .hasEventOfType("CHAT_MESSAGE_SENT")
            .matching(ChatMessageSent.class, message -> message.itemId().equals(item.id()))
            .hasCount(2)
            .records();
        assertThat(chats).extracting(record -> new String(record.key(), StandardCharsets.UTF_8)).containsOnly(
                new String(chats.get(0).key(), StandardCharsets.UTF_8));
    }

    @Test
    void itemSoldPublishedByAnotherServiceRequestsAPayment() {
        User seller = this.api.createUser("seller");
        Item item = this.api.createItem(seller, "Kettle", 15_000);
        String itemId = item.id();
        ItemSold sold = new ItemSold(itemId, seller.id(), this.api.createUser("buyer").id(), 15_000, Instant.now(),
                "Seogyo-dong");

        this.scenario.within(DELIVERY).when(() -> this.scenario.publish(sold))
            .thenPublished(PaymentRequested.class)
            .matching(payment -> itemId.contentEquals(payment.getItemId()) && payment.getAmount() == 15_000)
            .hasCount(1);
        assertThat(this.api.payments()).filteredOn(payment -> payment.itemId().equals(itemId)).hasSize(1);
    }

    @Test
    void outboxIsDrainedAndHoldsNoFailedEvent() {
        this.api.createUser("drained");

        this.scenario.assertThatOutbox().isDrainedWithin(DELIVERY).hasFailed(0);
    }

    @Test
    void chatMessageReachesItsRecipientAsAPushNotification() {
        User seller = this.api.createUser("seller");
        User buyer = this.api.createUser("buyer");
        Item item = this.api.createItem(seller, "Bookshelf", 25_000);
        chat(buyer, seller, item, "Can you deliver?");
        await().atMost(DELIVERY).untilAsserted(() -> this.client.get()
            .uri("/notifications?userId={id}", seller.id())
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$[0].body").isEqualTo("Can you deliver?"));
        this.client.get().uri("/notifications?userId={id}", buyer.id()).exchange()
            .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    @Test
    void outboxEndpointReportsAndRetriesAsTheSampleGrants() {
        this.client.get().uri("/actuator/kafkaoutbox").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.failed").isEqualTo(0).jsonPath("$.failedEvents").isArray();
        // the sample grants write access (management.endpoint.kafkaoutbox.access=unrestricted) for its console
        this.client.post().uri("/actuator/kafkaoutbox").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.retried").isEqualTo(0);
    }

    private double paymentListenerDuplicates() {
        Counter duplicates = this.meters.find("karrot.kafka.listener.duplicates")
            .tags("listener", "marketplace-payments-marketplace.item", "event.type", "ITEM_SOLD")
            .counter();
        return duplicates != null ? duplicates.count() : 0;
    }

    private List<Map<String, Object>> receiptsOf(User buyer) {
        return this.client.get().uri("/receipts?userId={id}", buyer.id()).exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
            .returnResult().getResponseBody();
    }

    private BodyContentSpec replayReceipts(boolean dryRun) {
        return this.client.post().uri("/actuator/kafkadlq/marketplace.payment.dlq")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("dryRun", dryRun))
            .exchange()
            .expectStatus().isOk()
            .expectBody();
    }

    private void mailServer(boolean up) {
        this.client.put().uri("/receipts/mail-server?up={up}", up).exchange().expectStatus().isNoContent();
    }

    private void chat(User from, User to, Item item, String text) {
        this.client.post().uri("/chats/messages")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("fromUserId", from.id(), "toUserId", to.id(), "itemId", item.id(), "text", text))
            .exchange()
            .expectStatus().isCreated();
    }
}
