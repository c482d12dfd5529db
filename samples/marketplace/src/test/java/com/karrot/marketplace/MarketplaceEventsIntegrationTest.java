package com.karrot.marketplace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.SharedKafkaBroker;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.payment.Payment;
import com.karrot.marketplace.user.User;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec;

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

        List<ConsumerRecord<String, String>> itemEvents = read("marketplace.item",
                records -> count(records, item.id(), "ITEM_SOLD") >= 1 && count(records, item.id(), "ITEM_CREATED") >= 1);
        List<String> types = itemEvents.stream().filter(r -> r.key().equals(item.id())).map(r -> header(r, "ce_type")).toList();
        assertThat(types).containsExactly("ITEM_CREATED", "ITEM_SOLD");
        ConsumerRecord<String, String> sold = itemEvents.stream()
            .filter(r -> item.id().equals(r.key()) && "ITEM_SOLD".equals(header(r, "ce_type")))
            .findFirst()
            .orElseThrow();
        assertThat(sold.value()).contains("\"itemId\":\"" + item.id() + "\"").contains("\"price\":80000");
        assertThat(header(sold, "ce_source")).isEqualTo("/karrot-marketplace");

        List<ConsumerRecord<String, String>> payments = read("marketplace.payment",
                records -> records.stream().anyMatch(r -> r.value().contains(item.id())));
        assertThat(payments).filteredOn(r -> r.value().contains(item.id())).hasSize(1)
            .allSatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("PAYMENT_REQUESTED"))
            .allSatisfy(r -> assertThat(header(r, "content-type")).isEqualTo("application/vnd.karrot.avro"));
    }

    @Test
    void refusedSalePublishesNothing() {
        User seller = this.api.createUser("seller");
        Item item = this.api.createItem(seller, "Desk", 30_000);
        this.api.sell(item.id(), seller).expectStatus().isBadRequest();
        Item sold = this.api.sold(item, this.api.createUser("buyer"));
        List<ConsumerRecord<String, String>> itemEvents = read("marketplace.item",
                records -> count(records, item.id(), "ITEM_SOLD") >= 1);
        assertThat(itemEvents).filteredOn(r -> r.key().equals(item.id()) && "ITEM_SOLD".equals(header(r, "ce_type")))
            .singleElement()
            .satisfies(r -> assertThat(r.value()).contains(sold.buyerId()));
    }

    @Test
    void redeliveredItemSoldRequestsNoSecondPayment() throws Exception {
        Item item = this.api.createItem(this.api.createUser("seller"), "Tent", 70_000);
        this.api.sold(item, this.api.createUser("buyer"));
        this.api.awaitPayment(item);
        ConsumerRecord<String, String> sold = read("marketplace.item", records -> count(records, item.id(), "ITEM_SOLD") >= 1)
            .stream()
            .filter(r -> item.id().equals(r.key()) && "ITEM_SOLD".equals(header(r, "ce_type")))
            .findFirst()
            .orElseThrow();
        double duplicatesBefore = paymentListenerDuplicates();

        // the same record again, as after a crash between the payment's commit and the offset commit
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(sold.topic(), null, sold.key(), sold.value(), sold.headers())).get();
        }

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
            List<ConsumerRecord<String, String>> deadLetters = read("marketplace.payment.dlq",
                    records -> records.stream().anyMatch(r -> r.key().equals(payment.id())));
            assertThat(deadLetters).filteredOn(r -> r.key().equals(payment.id())).singleElement()
                .satisfies(r -> {
                    assertThat(header(r, "ce_type")).isEqualTo("PAYMENT_REQUESTED");
                    assertThat(header(r, "kafka_dlt-exception-message")).contains("the mail server is down");
                    assertThat(header(r, "kafka_dlt-original-topic")).isEqualTo("marketplace.payment");
                });
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
        List<ConsumerRecord<String, String>> chats = read("marketplace.chat",
                records -> records.stream().filter(r -> r.key().startsWith(item.id())).count() >= 2);
        assertThat(chats).filteredOn(r -> r.key().startsWith(item.id()))
            .extracting(ConsumerRecord::key)
            .containsOnly(chats.stream().filter(r -> r.key().startsWith(item.id())).findFirst().orElseThrow().key());
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
    void outboxEndpointReportsAndRefusesWritesUnlessGranted() {
        this.client.get().uri("/actuator/kafkaoutbox").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.failed").isEqualTo(0).jsonPath("$.failedEvents").isArray();
        this.client.post().uri("/actuator/kafkaoutbox").exchange().expectStatus().is4xxClientError();
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

    private static long count(List<ConsumerRecord<String, String>> records, String key, String type) {
        return records.stream().filter(r -> key.equals(r.key()) && type.equals(header(r, "ce_type"))).count();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    private static List<ConsumerRecord<String, String>> read(String topic,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + DELIVERY.toNanos();
            while (!done.test(records)) {
                assertThat(System.nanoTime()).as("records of %s within %s", topic, DELIVERY).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
