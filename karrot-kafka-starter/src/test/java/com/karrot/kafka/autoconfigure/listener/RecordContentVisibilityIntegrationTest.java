package com.karrot.kafka.autoconfigure.listener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.test.KarrotKafkaTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over HTTP, with Spring Security's basic authentication, {@code kafkadlq} and {@code kafkaoutbox} show record contents
 * as {@code management.endpoint.<id>.show-values} and {@code .roles} say: a real dead letter on the shared broker (its
 * value and exception message quote an e-mail address) and a real failed outbox event (too large for the producer).
 * By default ({@code when-authorized}) only a caller with the role sees them; {@code never} and {@code always} apply
 * to every caller.
 */
@SpringBootTest(classes = RecordContentVisibilityIntegrationTest.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:record-visibility;DB_CLOSE_DELAY=-1",
                "spring.application.name=record-visibility",
                "spring.kafka.consumer.auto-offset-reset=earliest",
                "karrot.kafka.outbox.topics.user=" + RecordContentVisibilityIntegrationTest.TOPIC,
                "karrot.kafka.outbox.topics.photo=" + RecordContentVisibilityIntegrationTest.PHOTO_TOPIC,
                "karrot.kafka.listener.retry.max-attempts=1",
                // other tests of this package declare event types without routes
                "karrot.kafka.outbox.route-check=off",
                // the outbox takes the photo; the producer (max.request.size 1 MB) refuses it for good
                "karrot.kafka.outbox.max-payload-size=2MB",
                "management.endpoints.web.exposure.include=kafkadlq,kafkaoutbox",
                "management.endpoint.kafkadlq.roles=OPERATOR",
                "management.endpoint.kafkaoutbox.roles=OPERATOR" })
@KarrotKafkaTest
class RecordContentVisibilityIntegrationTest {

    static final String TOPIC = "record-visibility-signups";

    static final String PHOTO_TOPIC = "record-visibility-photos";

    private static final String DEAD_LETTER_TOPIC = TOPIC + ".dlq";

    private static final String EMAIL = "kim@example.com";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The contexts of this class and its nested ones share the broker and the database: publish once for all. */
    private static final AtomicBoolean PUBLISHED = new AtomicBoolean();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KarrotEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void deadLetterAndFailedEventExist() {
        if (PUBLISHED.compareAndSet(false, true)) {
            this.transactions.executeWithoutResult(status -> {
                this.events.publish(new UserSignedUp("user-7", EMAIL));
                this.events.publish(new PhotoUploaded("user-7", "x".repeat(1_100_000)));
            });
        }
        await().atMost(TIMEOUT).until(() -> !get(this.port, "/kafkadlq/" + DEAD_LETTER_TOPIC, "operator")
            .path("deadLetters").isEmpty());
        await().atMost(TIMEOUT).until(() -> get(this.port, "/kafkaoutbox", "operator").path("failed").asLong() == 1);
    }

    @Test
    void callerWithTheRoleSeesValues() {
        assertShown(deadLetter(this.port, "operator"), failedEvent(this.port, "operator"));
    }

    @Test
    void authenticatedCallerWithoutTheRoleSeesMaskedValues() {
        assertMasked(deadLetter(this.port, "viewer"), failedEvent(this.port, "viewer"));
    }

    @Test
    void anonymousCallerSeesMaskedValues() {
        assertMasked(deadLetter(this.port, null), failedEvent(this.port, null));
    }

    @Test
    void summariesAreTheSameForEveryCaller() {
        assertThat(get(this.port, "/kafkadlq", null)).isEqualTo(get(this.port, "/kafkadlq", "operator"));
        assertThat(get(this.port, "/kafkaoutbox", null).path("failed").asLong()).isEqualTo(1);
    }

    @Nested
    @TestPropertySource(properties = { "management.endpoint.kafkadlq.show-values=never",
            "management.endpoint.kafkaoutbox.show-values=never" })
    class Never {

        /** This nested class's own context; the enclosing instance holds the outer one's. */
        @LocalServerPort
        int port;

        @Test
        void evenACallerWithTheRoleSeesMaskedValues() {
            assertMasked(deadLetter(this.port, "operator"), failedEvent(this.port, "operator"));
        }
    }

    @Nested
    @TestPropertySource(properties = { "management.endpoint.kafkadlq.show-values=always",
            "management.endpoint.kafkaoutbox.show-values=always" })
    class Always {

        /** This nested class's own context; the enclosing instance holds the outer one's. */
        @LocalServerPort
        int port;

        @Test
        void evenAnAnonymousCallerSeesValues() {
            assertShown(deadLetter(this.port, null), failedEvent(this.port, null));
        }
    }

    private static void assertShown(JsonNode deadLetter, JsonNode failedEvent) {
        assertThat(deadLetter.path("value").path("encoding").asString()).isEqualTo("utf-8");
        assertThat(deadLetter.path("value").path("data").asString()).contains(EMAIL);
        assertThat(deadLetter.path("key").path("data").asString()).isEqualTo("user-7");
        assertThat(deadLetter.path("exceptionMessage").asString()).contains(EMAIL);
        assertThat(header(deadLetter, "kafka_dlt-exception-message").asString()).contains(EMAIL);
        assertThat(header(deadLetter, "ce_subject").asString()).isEqualTo("user-7");
        assertThat(failedEvent.path("aggregateId").asString()).isEqualTo("user-7");
        assertThat(failedEvent.path("lastError").asString()).contains("RecordTooLargeException");
    }

    private static void assertMasked(JsonNode deadLetter, JsonNode failedEvent) {
        assertThat(deadLetter.toString()).doesNotContain(EMAIL).doesNotContain("user-7");
        assertThat(deadLetter.path("value").path("encoding").asString()).isEqualTo("masked");
        assertThat(deadLetter.path("value").path("data").asString()).isEqualTo("******");
        assertThat(deadLetter.path("value").path("size").asInt()).isPositive();
        assertThat(deadLetter.path("key").path("data").asString()).isEqualTo("******");
        assertThat(deadLetter.path("exceptionMessage").asString()).isEqualTo("******");
        assertThat(header(deadLetter, "kafka_dlt-exception-message").asString()).isEqualTo("******");
        assertThat(header(deadLetter, "ce_subject").asString()).isEqualTo("******");
        // where it came from and why it failed stay readable
        assertThat(deadLetter.path("eventType").asString()).isEqualTo("USER_SIGNED_UP");
        assertThat(deadLetter.path("originalTopic").asString()).isEqualTo(TOPIC);
        assertThat(deadLetter.path("exception").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(deadLetter, "ce_type").asString()).isEqualTo("USER_SIGNED_UP");
        assertThat(header(deadLetter, "kafka_dlt-original-topic").asString()).isEqualTo(TOPIC);
        assertThat(failedEvent.toString()).doesNotContain("user-7").doesNotContain("RecordTooLarge");
        assertThat(failedEvent.path("aggregateId").asString()).isEqualTo("******");
        assertThat(failedEvent.path("lastError").asString()).isEqualTo("******");
        assertThat(failedEvent.path("eventType").asString()).isEqualTo("USER_PHOTO_UPLOADED");
        assertThat(failedEvent.path("status").asString()).isEqualTo("FAILED");
    }

    private static JsonNode header(JsonNode deadLetter, String name) {
        for (JsonNode header : deadLetter.path("headers")) {
            if (header.path("name").asString().equals(name)) {
                return header.path("value").path("data");
            }
        }
        throw new AssertionError("no header " + name + " in " + deadLetter);
    }

    private static JsonNode deadLetter(int port, @Nullable String user) {
        JsonNode deadLetters = get(port, "/kafkadlq/" + DEAD_LETTER_TOPIC, user).path("deadLetters");
        assertThat(deadLetters.isEmpty()).isFalse();
        return deadLetters.get(0);
    }

    private static JsonNode failedEvent(int port, @Nullable String user) {
        JsonNode failedEvents = get(port, "/kafkaoutbox", user).path("failedEvents");
        assertThat(failedEvents.size()).isEqualTo(1);
        String eventId = failedEvents.get(0).path("eventId").asString();
        JsonNode single = get(port, "/kafkaoutbox/" + eventId, user);
        assertThat(single).isEqualTo(failedEvents.get(0));
        return single;
    }

    private static JsonNode get(int port, String path, @Nullable String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator" + path))
            .timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s as %s: %s", path, user, response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @EventType(value = "USER_SIGNED_UP", aggregateType = "user")
    record UserSignedUp(@AggregateId String userId, String email) {
    }

    @EventType(value = "USER_PHOTO_UPLOADED", aggregateType = "photo")
    record PhotoUploaded(@AggregateId String userId, String photo) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("operator").password("{noop}secret").roles("OPERATOR").build(),
                    User.withUsername("viewer").password("{noop}secret").roles("VIEWER").build());
        }

        @Bean
        WelcomeMailer welcomeMailer() {
            return new WelcomeMailer();
        }
    }

    static class WelcomeMailer {

        @KarrotEventListener(topics = TOPIC)
        void on(UserSignedUp event) {
            throw new IllegalStateException("cannot send the welcome mail to " + event.email());
        }
    }
}
