package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;

import com.karrot.kafka.test.SharedKafkaBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatTopic;
import static com.karrot.kafka.test.assertj.TestRecords.send;
import static com.karrot.kafka.test.assertj.TestRecords.sendStamped;

/**
 * In a Spring test, a topic assertion reads what came after the test method started, not what its set-up sent,
 * whatever the records' timestamps.
 */
@SpringJUnitConfig(TestStartTest.Empty.class)
class TestStartTest {

    private static final String TOPIC = TestRecords.uniqueTopic();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", SharedKafkaBroker::bootstrapServers);
    }

    @BeforeEach
    void givenAnEarlierSale() {
        send(TOPIC, "given", "ITEM_SOLD", "{}");
    }

    @Test
    void seesOnlyWhatTheTestSent() {
        send(TOPIC, "when", "ITEM_SOLD", "{}");

        assertThatTopic(TOPIC).within(Duration.ofSeconds(5)).hasEventOfType("ITEM_SOLD").hasCount(1).withKey("when");
    }

    @Test
    void seesWhatTheTestSentWithATimestampFromAnHourAgo() {
        sendStamped(TOPIC, Instant.now().minus(Duration.ofHours(1)), "replayed", "ITEM_SOLD", "{}");

        assertThatTopic(TOPIC).within(Duration.ofSeconds(5))
            .hasEventOfType("ITEM_SOLD")
            .hasCount(1)
            .withKey("replayed");
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
