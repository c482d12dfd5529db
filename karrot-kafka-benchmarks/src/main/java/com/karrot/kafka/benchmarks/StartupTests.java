package com.karrot.kafka.benchmarks;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.test.KarrotKafkaTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test classes {@link StartupProbe} runs in a fresh JVM: with {@code @KarrotKafkaTest} or with spring-kafka-test's
 * {@code @EmbeddedKafka}, a first and a second class with another topic (so another application context). Each test
 * sends one record and waits for the listener to receive it, so that a context counts as started only once it can
 * use the broker. Not run by the build's tests: the probe selects them.
 */
final class StartupTests {

    private StartupTests() {
    }

    @TestPropertySource(properties = { "spring.kafka.consumer.auto-offset-reset=earliest",
            "karrot.kafka.outbox.route-check=off" })
    @TestExecutionListeners(listeners = StartupClock.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
    abstract static class RoundTrip {

        @Autowired
        KafkaTemplate<String, String> template;

        @Autowired
        StartupApplication.Received received;

        @Test
        void recordMakesTheRoundTrip() throws Exception {
            String topic = getClass().getSimpleName().toLowerCase(Locale.ROOT);
            this.template.send(topic, "key", "value-" + topic).get(60, TimeUnit.SECONDS);
            assertThat(this.received.values().poll(60, TimeUnit.SECONDS)).isEqualTo("value-" + topic);
        }
    }

    @SpringBootTest(classes = StartupApplication.class, properties = "startup.topic=karrotfirst")
    @KarrotKafkaTest
    static class KarrotFirst extends RoundTrip {
    }

    @SpringBootTest(classes = StartupApplication.class, properties = "startup.topic=karrotsecond")
    @KarrotKafkaTest
    static class KarrotSecond extends RoundTrip {
    }

    @SpringBootTest(classes = StartupApplication.class, properties = "startup.topic=embeddedfirst")
    @EmbeddedKafka(partitions = 3)
    static class EmbeddedFirst extends RoundTrip {
    }

    @SpringBootTest(classes = StartupApplication.class, properties = "startup.topic=embeddedsecond")
    @EmbeddedKafka(partitions = 3)
    static class EmbeddedSecond extends RoundTrip {
    }
}
