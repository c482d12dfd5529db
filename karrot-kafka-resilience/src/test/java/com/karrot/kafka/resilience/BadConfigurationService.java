package com.karrot.kafka.resilience;

import com.karrot.kafka.listener.EventMetadata;
import com.karrot.kafka.listener.Idempotency;
import com.karrot.kafka.listener.KarrotEventListener;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The service of scenario (f): every capability of the starter in use, so that each of its properties is read at
 * start-up. The outbox, the lag monitor and the health indicator come with the data source and the actuator, the schema
 * registry with its URL, the console with a web server; an idempotent listener brings the inbox, and
 * {@code --resilience.streams=true} declares a topology, which switches Kafka Streams on.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ BadConfigurationService.InboxListener.class, BadConfigurationService.Topology.class })
class BadConfigurationService {

    static class InboxListener {

        @KarrotEventListener(topics = "${resilience.topic}", groupId = "${resilience.group}", eventTypes = "RES_ANY",
                idempotent = Idempotency.ON)
        void on(byte[] value, EventMetadata metadata) {
        }
    }

    @ConditionalOnBooleanProperty("resilience.streams")
    static class Topology {

        @Bean
        KStream<String, String> resilienceStream(StreamsBuilder builder) {
            return builder.stream(BadConfigurationIntegrationTest.STREAM_SOURCE);
        }
    }
}
