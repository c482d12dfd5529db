package com.karrot.kafka.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ListenerGroupTest {

    private static final ListenerRetry DEFAULTS = ListenerRetry.DEFAULTS;

    @Test
    void methodsOfTheSameTopicsAndGroupShareAContainerWithDerivedIdAndDeadLetterTopic() {
        List<ListenerGroup> groups = ListenerGroup.of(List.of(method("listed"), method("sold")), "search", 1, ".dlq");

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.id()).isEqualTo("search-items");
            assertThat(group.topics()).containsExactly("items");
            assertThat(group.deadLetterTopic("items")).isEqualTo("items.dlq");
            assertThat(group.method("ITEM_LISTED")).hasToString(Listeners.class.getName() + ".listed(ItemListed)");
            assertThat(group.method("ITEM_SOLD")).isNotNull();
            assertThat(group.method("ITEM_DELETED")).isNull();
        });
    }

    @Test
    void oneTopicReadInOneGroupUnderTwoTopicListsFails() {
        assertThatIllegalStateException()
            .isThrownBy(() -> ListenerGroup.of(List.of(method("listed"), method("soldFromTwoTopics")), "search", 1, ".dlq"))
            .withMessageContaining("Topic items is read in group search by listeners of different topic lists");
    }

    @Test
    void annotationAttributesOverrideTheDefaults() {
        ListenerMethod method = method("soldFromTwoTopics");
        ListenerGroup group = ListenerGroup.of(List.of(method), "search", 1, ".dlq").get(0);

        assertThat(group.topics()).containsExactly("items", "sales");
        assertThat(group.deadLetterTopic("sales")).isEqualTo("sales-dead");
        assertThat(group.concurrency()).isEqualTo(4);
        assertThat(method.attributes().retry()).isEqualTo(new ListenerRetry(5, Duration.ofMillis(250), 3.0, Duration.ofSeconds(30)));
        assertThat(method.isNonRetryable(new RuntimeException(new ArithmeticException()))).isTrue();
        assertThat(method.isNonRetryable(new IllegalStateException())).isFalse();
    }

    @Test
    void nonBlockingContainerHasTheRetrySettingsOfItsMethods() {
        ListenerGroup group = ListenerGroup.of(List.of(method("listedWithoutBlocking")), "search", 1, ".dlq").get(0);

        assertThat(group.nonBlockingRetry()).isEqualTo(DEFAULTS);
        assertThat(ListenerGroup.of(List.of(method("listed")), "search", 1, ".dlq").get(0).nonBlockingRetry()).isNull();
    }

    @Test
    void nonBlockingMethodsOfOneContainerWithDifferentRetrySettingsFail() {
        assertThatIllegalStateException()
            .isThrownBy(() -> ListenerGroup.of(List.of(method("listedWithoutBlocking"), method("soldWithoutBlockingFiveTimes")),
                    "search", 1, ".dlq"))
            .withMessageContaining("listedWithoutBlocking(ItemListed) and ")
            .withMessageContaining("soldWithoutBlockingFiveTimes(ItemSold) share a container (same topics and group) but "
                    + "set different retry settings in non-blocking mode");
    }

    @Test
    void containerIsBatchedWhenItsIdempotentMethodsAskOrTheDefaultSays() {
        ListenerGroup asked = ListenerGroup.of(List.of(method("listedInBatches"), method("soldOnce")), "search", 1, ".dlq")
            .get(0);
        ListenerGroup inheriting = ListenerGroup.of(List.of(method("listed"), method("sold")), "search", 1, ".dlq").get(0);

        assertThat(asked.batched(InboxMode.PER_RECORD, false)).isTrue();
        assertThat(inheriting.batched(InboxMode.BATCH, true)).isTrue();
        assertThat(inheriting.batched(InboxMode.PER_RECORD, true)).isFalse();
    }

    @Test
    void defaultBatchModeLeavesContainersWithMethodsWithoutInboxOrWithoutBlockingPerRecord() {
        ListenerGroup withoutInbox = ListenerGroup.of(List.of(method("listed"), method("sold")), "search", 1, ".dlq").get(0);
        ListenerGroup mixed = ListenerGroup.of(List.of(method("soldOnce"), method("listed")), "search", 1, ".dlq").get(0);
        ListenerGroup nonBlocking = ListenerGroup.of(List.of(method("listedWithoutBlocking")), "search", 1, ".dlq").get(0);

        assertThat(withoutInbox.batched(InboxMode.BATCH, false)).isFalse();
        assertThat(mixed.batched(InboxMode.BATCH, false)).isFalse();
        assertThat(nonBlocking.batched(InboxMode.BATCH, true)).isFalse();
    }

    @Test
    void batchModeAskedForAContainerWithAMethodWithoutInboxFailsNamingBoth() {
        ListenerGroup group = ListenerGroup.of(List.of(method("listedInBatches"), method("sold")), "search", 1, ".dlq")
            .get(0);

        assertThatIllegalStateException().isThrownBy(() -> group.batched(InboxMode.PER_RECORD, false))
            .withMessageContaining("listedInBatches(ItemListed) asks for InboxMode.BATCH, but method ")
            .withMessageContaining("sold(ItemSold) of its container is not idempotent");
    }

    @Test
    void batchModeAskedWithNonBlockingRetriesFails() {
        ListenerGroup group = ListenerGroup.of(List.of(method("listedInBatchesWithoutBlocking")), "search", 1, ".dlq")
            .get(0);

        assertThatIllegalStateException().isThrownBy(() -> group.batched(InboxMode.PER_RECORD, true))
            .withMessageContaining("asks for InboxMode.BATCH, but its container retries without blocking");
    }

    @Test
    void methodsOfOneContainerWithDifferentInboxModesFail() {
        assertThatIllegalStateException()
            .isThrownBy(() -> ListenerGroup.of(List.of(method("listedInBatches"), method("soldOncePerRecord")), "search", 1,
                    ".dlq"))
            .withMessageContaining("set different inboxMode: BATCH and PER_RECORD");
    }

    static ListenerMethod method(String name) {
        Method method = List.of(Listeners.class.getDeclaredMethods()).stream()
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .orElseThrow();
        KarrotEventListener annotation = method.getAnnotation(KarrotEventListener.class);
        UnaryOperator<String> placeholders = value -> value.replace("${sales.topic}", "sales");
        return new ListenerMethod(new Listeners(), method, ListenerAttributes.of(annotation, placeholders, DEFAULTS, name));
    }

    @EventType(value = "ITEM_LISTED", aggregateType = "item")
    record ItemListed(@AggregateId String itemId) {
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId) {
    }

    static class Listeners {

        @KarrotEventListener(topics = "items")
        void listed(ItemListed event) {
        }

        @KarrotEventListener(topics = "items")
        void sold(ItemSold event) {
        }

        @KarrotEventListener(topics = { "${sales.topic}", "items" }, concurrency = "4", deadLetterTopic = "sales-dead",
                maxAttempts = "5", initialInterval = "250ms", multiplier = "3", nonRetryable = ArithmeticException.class)
        void soldFromTwoTopics(ItemSold event) {
        }

        @KarrotEventListener(topics = "retried", retryMode = RetryMode.NON_BLOCKING)
        void listedWithoutBlocking(ItemListed event) {
        }

        @KarrotEventListener(topics = "retried", retryMode = RetryMode.NON_BLOCKING, maxAttempts = "5")
        void soldWithoutBlockingFiveTimes(ItemSold event) {
        }

        @KarrotEventListener(topics = "items", idempotent = Idempotency.ON, inboxMode = InboxMode.BATCH)
        void listedInBatches(ItemListed event) {
        }

        @KarrotEventListener(topics = "items", idempotent = Idempotency.ON)
        void soldOnce(ItemSold event) {
        }

        @KarrotEventListener(topics = "items", idempotent = Idempotency.ON, inboxMode = InboxMode.PER_RECORD)
        void soldOncePerRecord(ItemSold event) {
        }

        @KarrotEventListener(topics = "retried", retryMode = RetryMode.NON_BLOCKING, inboxMode = InboxMode.BATCH)
        void listedInBatchesWithoutBlocking(ItemListed event) {
        }
    }
}
