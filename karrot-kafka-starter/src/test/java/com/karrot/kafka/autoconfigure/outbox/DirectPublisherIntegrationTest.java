package com.karrot.kafka.autoconfigure.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.PublishedEvent;
import com.karrot.kafka.test.KarrotKafkaTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service without a database publishes straight to the shared broker. */
@SpringBootTest(classes = DirectPublisherIntegrationTest.App.class, properties = {
        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "karrot.kafka.outbox.route-check=off",
        "karrot.kafka.outbox.topics.parcel=" + DirectPublisherIntegrationTest.TOPIC })
@KarrotKafkaTest
class DirectPublisherIntegrationTest {

    static final String TOPIC = "direct-parcels";

    @Autowired
    DirectEventPublisher publisher;

    @Autowired
    ObjectProvider<KarrotEventPublisher> outbox;

    @Autowired
    MeterRegistry meters;

    @Test
    void serviceWithoutADatabaseGetsOnlyTheDirectPublisher() throws Exception {
        assertThat(this.outbox.getIfAvailable()).isNull();
        PublishedEvent sent = this.publisher.publish(new ParcelShipped("p-1")).get(30, TimeUnit.SECONDS);
        assertThat(sent.topic()).isEqualTo(TOPIC);
        assertThat(sent.offset()).isNotNegative();
    }

    @Test
    void batchReturnsOffsetsInOrderPerKey() throws Exception {
        List<ParcelShipped> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new ParcelShipped("batch-" + (i % 10)));
        }
        List<PublishedEvent> sent = this.publisher.publishAll(events).get(60, TimeUnit.SECONDS);
        assertThat(sent).hasSize(1000);
        Map<String, PublishedEvent> lastPerKey = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            PublishedEvent previous = lastPerKey.put(events.get(i).parcelId(), sent.get(i));
            if (previous != null) {
                assertThat(sent.get(i).partition()).isEqualTo(previous.partition());
                assertThat(sent.get(i).offset()).isGreaterThan(previous.offset());
            }
        }
        assertThat(sent).extracting(PublishedEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void sendToATopicThatCannotBeWrittenFailsTheFutureAndIsCounted() {
        double failedBefore = this.meters.get("karrot.kafka.publisher.direct.failed").functionCounter().count();
        CompletableFuture<PublishedEvent> sent = this.publisher.publish("no such topic!", "p-2", new ParcelShipped("p-2"));
        assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidTopicException.class);
        assertThat(this.meters.get("karrot.kafka.publisher.direct.failed").functionCounter().count())
            .isEqualTo(failedBefore + 1);
    }

    @EventType(value = "PARCEL_SHIPPED", aggregateType = "parcel")
    record ParcelShipped(@AggregateId String parcelId) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }
}
