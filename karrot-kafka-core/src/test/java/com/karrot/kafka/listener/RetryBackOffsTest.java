package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RetryBackOffs}: the back-off of a failed record comes from the listener method of its event type. */
class RetryBackOffsTest {

    private final List<String> retried = new ArrayList<>();

    private final RetryBackOffs backOffs = new RetryBackOffs(
            ListenerGroup.of(List.of(ListenerGroupTest.method("soldFromTwoTopics")), "search", 1, ".dlq").get(0),
            new EventListenerObserver() {
                @Override
                public void retrying(String listenerId, String eventType, Throwable failure) {
                    RetryBackOffsTest.this.retried.add(listenerId + " " + eventType + " " + failure.getClass().getSimpleName());
                }
            });

    @Test
    void retryableFailureGetsTheMethodsBackOffAndEachRetryIsObserved() {
        BackOffExecution execution = this.backOffs.apply(record("ITEM_SOLD"), failed(new IllegalStateException()))
            .start();

        // maxAttempts = 5: four retries, 250 ms growing threefold, then stop
        assertThat(List.of(execution.nextBackOff(), execution.nextBackOff(), execution.nextBackOff(),
                execution.nextBackOff(), execution.nextBackOff()))
            .containsExactly(250L, 750L, 2250L, 6750L, BackOffExecution.STOP);
        assertThat(this.retried).hasSize(4).allMatch(line -> line.equals("search-items-sales ITEM_SOLD IllegalStateException"));
    }

    @Test
    void failureTheMethodDeclaresNonRetryableIsNotRetried() {
        BackOffExecution execution = this.backOffs.apply(record("ITEM_SOLD"), failed(new ArithmeticException()))
            .start();

        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
        assertThat(this.retried).isEmpty();
    }

    @Test
    void eventTypeWithoutAMethodIsNotRetried() {
        assertThat(this.backOffs.apply(record("ITEM_DELETED"), new IllegalStateException()).start().nextBackOff())
            .isEqualTo(BackOffExecution.STOP);
        assertThat(this.backOffs.apply(new ConsumerRecord<>("items", 0, 0, "k", "v"), new IllegalStateException())
            .start().nextBackOff()).as("a record without ce_type").isEqualTo(BackOffExecution.STOP);
    }

    private static ConsumerRecord<String, String> record(String type) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("items", 0, 0, "item-1", "{}");
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static Exception failed(Throwable cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }
}
