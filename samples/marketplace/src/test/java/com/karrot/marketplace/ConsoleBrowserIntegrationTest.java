package com.karrot.marketplace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.marketplace.item.Item;
import com.karrot.marketplace.user.User;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations console in a real headless browser (Debian's Chromium) against the marketplace: a dead letter
 * replayed from the console mails its receipt once, a FAILED outbox event is retried from it, a stopped listener's
 * group turns from OK to ERR (its partition STOP), every view shows its endpoint's figures, and a caller without write access sees no
 * write control while the endpoints refuse the writes. Run with {@code -Dkarrot.console.screenshots=../../docs/console}
 * to write the screenshots of {@code docs/console.md}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "marketplace.embedded-kafka.enabled=false",
        // the lag report moves every second instead of every 30 s
        "karrot.kafka.lag.refresh-interval=1s",
        // a window of three commits: a stopped listener is judged within seconds
        "karrot.kafka.lag.window-size=3",
        // an event the broker refuses is FAILED at once, for an operator to retry
        "karrot.kafka.outbox.retry.max-attempts=1" })
@KarrotKafkaTest(schemaRegistry = true)
@AutoConfigureRestTestClient
class ConsoleBrowserIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static final String RECEIPTS_GROUP = "marketplace-receipts";

    private static final String PUSH_GROUP = "marketplace-push";

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient client;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private MarketplaceApi api;

    private ConsoleBrowser browser;

    @BeforeEach
    void openBrowser() {
        this.api = new MarketplaceApi(this.client);
        this.browser = new ConsoleBrowser(this.port);
    }

    @AfterEach
    void closeBrowser() {
        if (this.browser != null) {
            this.browser.close();
        }
    }

    @Test
    void deadLetterReplayedInTheConsoleMailsTheReceiptOnce() {
        Instant start = Instant.now().minusSeconds(1);
        User buyer = this.api.createUser("console buyer");
        Item item = this.api.createItem(this.api.createUser("console seller"), "Turntable", 90_000);
        mailServer(false);
        try {
            this.api.sold(item, buyer);
            this.api.awaitPayment(item);
            await().atMost(DELIVERY).until(() -> deadLettersSince("marketplace.payment.dlq", start) == 1);
        }
        finally {
            mailServer(true);
        }

        this.browser.open("deadletters");
        this.browser.click(By.cssSelector("[aria-label='Show dead letters of marketplace.payment.dlq']"));
        this.browser.until(By.id("filter-from")).sendKeys(start.toString());
        this.browser.until(By.id("filter-group")).sendKeys(RECEIPTS_GROUP);
        this.browser.click(By.id("filter-apply"));
        this.browser.untilText(By.id("dlq-matched"), "1 dead letters match");
        this.browser.click(By.cssSelector("#dlq-page tbody button"));
        this.browser.untilText(By.id("dead-letter"), "PAYMENT_REQUESTED");
        this.browser.untilText(By.id("dead-letter"), "Confluent wire format");
        // the endpoint decoded the Avro value through the registry; the page pretty-prints it
        this.browser.untilText(By.id("decoded-value"), "decoded with schema id");
        this.browser.untilText(By.id("decoded-value"), "\"amount\": 90000");
        this.browser.screenshot("dead-letters");

        this.browser.click(By.id("replay-preview"));
        this.browser.untilText(By.id("replay-dry-run"), "1 would be sent back");
        assertThat(receiptsOf(buyer)).isEmpty();
        this.browser.screenshot("replay-preview");
        this.browser.click(By.id("replay-send"));
        this.browser.confirm();
        this.browser.untilText(By.id("replay"), "Replayed 1 dead letters");

        await().atMost(DELIVERY).until(() -> receiptsOf(buyer).size() == 1);
        // a second replay finds it replayed already: the receipt stays mailed once
        this.browser.click(By.id("replay-preview"));
        this.browser.untilText(By.id("replay-dry-run"), "1 already replayed");
        this.browser.untilText(By.id("replay-dry-run"), "0 would be sent back");
        assertThat(receiptsOf(buyer)).hasSize(1);
    }

    @Test
    void failedOutboxEventIsRetriedInTheConsole() throws Exception {
        User buyer = this.api.createUser("outbox buyer");
        User seller = this.api.createUser("outbox seller");
        Item item = this.api.createItem(seller, "Lamp", 15_000);
        // the chat topic exists before the broker is told to refuse its records
        chat(buyer, seller, item, "Hello");
        await().atMost(DELIVERY).until(() -> outbox().path("pending").asLong() == 0);
        ConfigResource chatTopic = new ConfigResource(ConfigResource.Type.TOPIC, "marketplace.chat");
        try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
            admin.incrementalAlterConfigs(Map.of(chatTopic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "64"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                chat(buyer, seller, item, "Is it still available?");
                await().atMost(DELIVERY).until(() -> outbox().path("failed").asLong() == 1);
            }
            finally {
                admin.incrementalAlterConfigs(Map.of(chatTopic, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
        String eventId = outbox().path("failedEvents").get(0).path("eventId").asString();

        this.browser.open("outbox");
        this.browser.untilText(By.id("outbox-failed"), "1");
        this.browser.untilText(By.cssSelector("[data-event-id='" + eventId + "']"), "RecordTooLarge");
        this.browser.screenshot("outbox");
        this.browser.click(By.cssSelector("[data-event-id='" + eventId + "'] button.retry"));
        this.browser.until(By.id("no-failed"));

        await().atMost(DELIVERY).until(() -> outbox().path("pending").asLong() == 0);
        assertThat(outbox().path("failed").asLong()).isZero();
    }

    /**
     * Through the Admin API a stopped listener's partition reads STOP, not STALL: no commit comes at all, and one
     * that commits the same offset again cannot be told from it (docs/monitoring.md, Status).
     */
    @Test
    void stoppedListenerTurnsItsGroupFromOkToErrInTheConsole() {
        User buyer = this.api.createUser("lag buyer");
        User seller = this.api.createUser("lag seller");
        Item item = this.api.createItem(seller, "Radio", 20_000);
        // commits a refresh or more apart fill the group's window (window-size 3): it spans a few seconds, and a
        // stop is STOP once no commit has come for longer than that
        for (int i = 0; i < 3; i++) {
            long before = committed(group(PUSH_GROUP));
            chat(buyer, seller, item, "Hi " + i);
            await().atMost(DELIVERY).until(() -> committed(group(PUSH_GROUP)) > before);
        }
        await().atMost(DELIVERY).until(() -> "OK".equals(group(PUSH_GROUP).path("status").path("status").asString()));

        this.browser.open("lag");
        this.browser.untilText(By.cssSelector(".group-status[data-group='" + PUSH_GROUP + "']"), "OK");

        MessageListenerContainer push = this.listeners.getListenerContainer(PUSH_GROUP + "-marketplace.chat");
        assertThat(push).isNotNull();
        push.stop();
        try {
            // messages keep coming, each seen at a refresh of its own: no recent end offset is the stopped
            // group's last commit any more (a group caught up a short while ago is not STOP)
            for (int i = 0; i < 3; i++) {
                long before = ends(group(PUSH_GROUP));
                chat(buyer, seller, item, "Is it still there? " + i);
                await().atMost(DELIVERY).until(() -> ends(group(PUSH_GROUP)) > before);
            }
            await().atMost(DELIVERY).untilAsserted(() -> {
                JsonNode group = group(PUSH_GROUP);
                assertThat(group.path("status").path("status").asString()).as("%s", group).isEqualTo("ERR");
            });
            JsonNode status = group(PUSH_GROUP).path("status");
            assertThat(status.path("partitionStatus").asString()).isEqualTo("STOP");

            this.browser.untilText(By.cssSelector(".group-status[data-group='" + PUSH_GROUP + "']"), "ERR");
            this.browser.click(By.cssSelector("[aria-label='Partitions of " + PUSH_GROUP + "']"));
            this.browser.untilText(By.cssSelector("table[data-partitions='" + PUSH_GROUP + "']"), "STOP");
            this.browser.untilText(By.cssSelector("tr[data-group='" + PUSH_GROUP + "']"),
                    status.path("topic").asString() + "-" + status.path("partition").asInt() + " STOP");
            this.browser.screenshot("lag");
        }
        finally {
            push.start();
        }
    }

    @Test
    void everyViewShowsItsEndpointsFigures() {
        this.browser.open("topics");
        this.browser.untilText(By.id("topics"), "marketplace.payment");
        this.browser.screenshot("topics");

        this.browser.open("schemas");
        this.browser.click(By.cssSelector("#subjects tbody button"));
        this.browser.click(By.id("diff-show"));
        this.browser.untilText(By.id("schema-diff"), "PaymentRequested");
        this.browser.until(By.id("candidate")).sendKeys("{\"type\": \"record\", \"name\": \"PaymentRequested\", "
                + "\"namespace\": \"com.karrot.marketplace.events\", \"fields\": []}");
        this.browser.click(By.id("check"));
        this.browser.untilText(By.id("check-result"), "ompatible");
        this.browser.screenshot("schemas");

        this.browser.open("streams");
        this.browser.untilText(By.cssSelector("section.streams-client"), "RUNNING");
        this.browser.until(By.cssSelector(".topology svg g.node-topic"));
        this.browser.screenshot("streams");
    }

    private void mailServer(boolean up) {
        this.client.put().uri("/receipts/mail-server?up={up}", up).exchange().expectStatus().isNoContent();
    }

    private List<Map<String, Object>> receiptsOf(User buyer) {
        return this.client.get().uri("/receipts?userId={id}", buyer.id()).exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
            .returnResult().getResponseBody();
    }

    private long deadLettersSince(String topic, Instant since) {
        return json("/actuator/kafkadlq/" + topic + "?group=" + RECEIPTS_GROUP + "&from=" + since).path("matched")
            .asLong();
    }

    /** The group in the lag report: its status, and its topics with their partitions. */
    private JsonNode group(String groupId) {
        for (JsonNode group : json("/actuator/kafkalag").path("groups")) {
            if (group.path("groupId").asString().equals(groupId)) {
                return group;
            }
        }
        return MissingNode.getInstance();
    }

    /** The sum of a group's committed offsets in the lag report. */
    private static long committed(JsonNode group) {
        return sum(group, "committedOffset");
    }

    /** The sum of the end offsets of a group's partitions in the lag report. */
    private static long ends(JsonNode group) {
        return sum(group, "endOffset");
    }

    private static long sum(JsonNode group, String field) {
        long sum = 0;
        for (JsonNode topic : group.path("topics")) {
            for (JsonNode partition : topic.path("partitions")) {
                sum += partition.path(field).asLong();
            }
        }
        return sum;
    }

    private JsonNode outbox() {
        return json("/actuator/kafkaoutbox");
    }

    private JsonNode json(String uri) {
        return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class)
            .returnResult().getResponseBody();
    }

    private void chat(User from, User to, Item item, String text) {
        this.client.post().uri("/chats/messages")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("fromUserId", from.id(), "toUserId", to.id(), "itemId", item.id(), "text", text))
            .exchange()
            .expectStatus().is2xxSuccessful();
    }

    /** A caller without write access: read-only views, and the endpoints refuse the writes whatever a page sends. */
    @Nested
    @TestPropertySource(properties = { "management.endpoint.kafkadlq.access=read-only",
            "management.endpoint.kafkaoutbox.access=read-only", "management.endpoint.kafkaschemas.access=read-only",
            // this second marketplace shows the shared broker and database; it runs no listener or topology of its own
            "spring.kafka.listener.auto-startup=false", "spring.kafka.streams.auto-startup=false" })
    class ReadOnly {

        /** This nested class's own context; the enclosing instance holds the outer one's. */
        @LocalServerPort
        int port;

        @Autowired
        RestTestClient client;

        @Test
        void readOnlyCallerSeesNoWriteControlAndCannotWrite() {
            try (ConsoleBrowser readOnly = new ConsoleBrowser(this.port)) {
                readOnly.open("outbox");
                readOnly.untilText(By.id("access"), "Read only");
                readOnly.until(By.id("outbox-pending"));
                assertThat(readOnly.driver().findElements(By.cssSelector("button.retry, button.discard, #retry-all")))
                    .isEmpty();
                readOnly.screenshot("read-only");

                readOnly.open("deadletters");
                readOnly.click(By.cssSelector("[aria-label='Show dead letters of marketplace.payment.dlq']"));
                readOnly.until(By.id("dlq-matched"));
                assertThat(readOnly.driver().findElements(By.id("replay-preview"))).isEmpty();

                readOnly.open("schemas");
                readOnly.click(By.cssSelector("#subjects tbody button"));
                readOnly.until(By.id("diff-show"));
                assertThat(readOnly.driver().findElements(By.id("check"))).isEmpty();
            }
            this.client.post().uri("/actuator/kafkaoutbox").exchange().expectStatus().is4xxClientError();
            this.client.post().uri("/actuator/kafkadlq/marketplace.payment.dlq")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("dryRun", false))
                .exchange()
                .expectStatus().is4xxClientError();
        }
    }
}
