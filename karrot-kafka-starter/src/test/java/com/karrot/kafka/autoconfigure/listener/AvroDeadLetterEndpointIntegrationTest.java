package com.karrot.kafka.autoconfigure.listener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.karrot.kafka.autoconfigure.schema.events.PriceChanged;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.test.KarrotKafkaTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over HTTP, {@code kafkadlq} shows a real Avro dead letter (an outbox event written in the Confluent wire format
 * through the test kit's registry, failed by its listener) decoded with the writer's schema, with its subject and
 * version, beside its bytes.
 */
@SpringBootTest(classes = AvroDeadLetterEndpointIntegrationTest.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:avro-dead-letters;DB_CLOSE_DELAY=-1",
                "spring.application.name=avro-dead-letters",
                "spring.kafka.consumer.auto-offset-reset=earliest",
                "karrot.kafka.outbox.topics.item=" + AvroDeadLetterEndpointIntegrationTest.TOPIC,
                "karrot.kafka.listener.retry.max-attempts=1",
                // other tests of this package declare event types without routes
                "karrot.kafka.outbox.route-check=off",
                "management.endpoints.web.exposure.include=kafkadlq",
                "management.endpoint.kafkadlq.show-values=always" })
@KarrotKafkaTest(schemaRegistry = true)
class AvroDeadLetterEndpointIntegrationTest {

    static final String TOPIC = "avro-dead-letters-items";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KarrotEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void avroDeadLetterIsShownDecodedWithItsSchemaIdSubjectAndVersion() throws Exception {
        this.transactions.executeWithoutResult(status -> this.events.publish(new PriceChanged("lamp-7", 12_000L)));
        await().atMost(TIMEOUT).until(() -> !deadLetters().isEmpty());

        JsonNode deadLetter = deadLetters().get(0);
        JsonNode decoded = deadLetter.path("decodedValue");
        assertThat(deadLetter.path("value").path("encoding").asString()).isEqualTo("base64");
        assertThat(decoded.path("decodeError").isNull()).as("%s", decoded).isTrue();
        assertThat(JSON.readTree(decoded.path("json").asString()))
            .isEqualTo(JSON.readTree("{\"itemId\": \"lamp-7\", \"price\": 12000}"));
        assertThat(decoded.path("subject").asString()).isEqualTo(TOPIC + "-" + PriceChanged.class.getName());
        assertThat(decoded.path("version").asInt()).isEqualTo(1);
        assertThat(decoded.path("schemaId").asInt()).isPositive();
        assertThat(decoded.path("truncated").asBoolean()).isFalse();
    }

    private JsonNode deadLetters() throws Exception {
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/kafkadlq/" + TOPIC + ".dlq"))
            .timeout(Duration.ofSeconds(30))
            .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("deadLetters");
    }

    static class PriceListener {

        @KarrotEventListener(topics = TOPIC)
        void on(PriceChanged event) {
            throw new IllegalStateException("no price list for " + event.getItemId());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(PriceListener.class)
    static class App {

        /** Spring Security is on the test class path; this test is about decoding, not access. */
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }
}
