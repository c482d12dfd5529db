package com.karrot.kafka.autoconfigure.streams;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with a real topology on the shared broker, over HTTP: the {@code kafkastreams} endpoint shows the running
 * client (threads, tasks and their partitions with offsets, stores, topology and diagram), the health groups
 * configured as the docs say put {@code kafkaStreams} in liveness and {@code kafkaStreamsReadiness} in readiness, and
 * Spring Boot binds the client's metrics to Micrometer.
 */
@SpringBootTest(classes = StreamsEndpointIntegrationTest.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,kafkastreams", "karrot.kafka.outbox.route-check=off",
                "management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.group.liveness.include=livenessState,kafkaStreams",
                "management.endpoint.health.group.readiness.include=readinessState,kafkaStreamsReadiness",
                "management.endpoint.health.group.liveness.show-details=always",
                "management.endpoint.health.group.readiness.show-details=always" })
class StreamsEndpointIntegrationTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        ItemCountTopology.properties(SUFFIX).forEach(property -> {
            int equals = property.indexOf('=');
            registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
        });
    }

    @BeforeAll
    static void createTopics() throws Exception {
        ItemCountTopology.createTopics(SUFFIX);
    }

    @BeforeEach
    void clientIsRunningAndHasCommittedASale() throws Exception {
        await().atMost(TIMEOUT)
            .until(() -> "RUNNING".equals(get("/actuator/kafkastreams/defaultKafkaStreamsBuilder").path("state").asString()));
        ItemCountTopology.sell(SUFFIX, "customer-1", "bicycle");
        await().atMost(TIMEOUT)
            .until(() -> committedOffsets(get("/actuator/kafkastreams")).stream().anyMatch(offset -> offset >= 1));
    }

    @Test
    void endpointShowsTheRunningClientWithItsThreadsTasksStoresAndTopology() throws Exception {
        JsonNode all = get("/actuator/kafkastreams");
        System.out.println("kafkastreams:\n" + JSON.writeValueAsString(all));
        JsonNode client = all.path("clients").path("defaultKafkaStreamsBuilder");

        assertThat(client.path("applicationId").asString()).isEqualTo("item-counts-" + SUFFIX);
        assertThat(client.path("state").asString()).isEqualTo("RUNNING");
        assertThat(client.path("since").asString()).isNotEmpty();
        assertThat(client.path("lastFailure").isNull()).isTrue();
        assertThat(client.path("transitions").path(0).path("from").asString()).isEqualTo("CREATED");
        JsonNode thread = client.path("threads").path(0);
        assertThat(thread.path("state").asString()).isEqualTo("RUNNING");
        List<String> tasks = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        thread.path("activeTasks").forEach(task -> {
            tasks.add(task.path("id").asString());
            task.path("partitions").forEach(partition -> topics.add(partition.path("topic").asString()));
        });
        assertThat(tasks).containsExactly("0_0", "0_1", "1_0", "1_1");
        assertThat(topics).containsExactly("orders-" + SUFFIX, "orders-" + SUFFIX,
                "item-counts-" + SUFFIX + "-by-item-repartition", "item-counts-" + SUFFIX + "-by-item-repartition");
        JsonNode store = client.path("stores").path(0);
        assertThat(store.path("name").asString()).isEqualTo("item-counts");
        assertThat(store.path("subTopology").asInt()).isEqualTo(1);
        assertThat(store.path("global").asBoolean()).isFalse();
        assertThat(store.path("processors").path(0).asString()).startsWith("KSTREAM-AGGREGATE-");
        assertThat(client.path("topology").asString()).contains("Sub-topology: 1", "check-item");
        assertThat(client.path("mermaid").asString()).startsWith("flowchart LR\n")
            .contains("subgraph subtopology_1[\"sub-topology 1\"]", "store_item_2Dcounts[(\"item-counts\")]:::store");
        System.out.println("mermaid:\n" + client.path("mermaid").asString());

        assertThat(get("/actuator/kafkastreams/defaultKafkaStreamsBuilder").path("applicationId"))
            .isEqualTo(client.path("applicationId"));
        assertThat(status("/actuator/kafkastreams/noSuchFactoryBean")).isEqualTo(404);
    }

    @Test
    void healthGroupsPutStreamsInLivenessAndItsReadinessInReadiness() throws Exception {
        JsonNode liveness = get("/actuator/health/liveness");
        JsonNode readiness = get("/actuator/health/readiness");
        System.out.println("health/kafkaStreams:\n" + JSON.writeValueAsString(get("/actuator/health/kafkaStreams")));

        assertThat(liveness.path("status").asString()).isEqualTo("UP");
        assertThat(liveness.path("components").path("kafkaStreams").path("details").path("state").asString())
            .isEqualTo("RUNNING");
        assertThat(liveness.path("components").has("kafkaStreamsReadiness")).isFalse();
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafkaStreamsReadiness").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void kafkaStreamsMetersAreInTheRegistryWhileTheTopologyRuns() {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            FunctionCounter processed = this.meters.find("kafka.stream.thread.process.total").functionCounter();
            assertThat(processed).isNotNull();
            assertThat(processed.count()).isGreaterThanOrEqualTo(1);
        });
        List<String> names = this.meters.getMeters()
            .stream()
            .map(Meter::getId)
            .map(Meter.Id::getName)
            .filter(name -> name.startsWith("kafka.stream"))
            .distinct()
            .sorted()
            .toList();
        System.out.println("Kafka Streams meters (" + names.size() + "):\n" + String.join("\n", names));
        assertThat(names).contains("kafka.stream.thread.commit.total", "kafka.stream.alive.stream.threads",
                "kafka.stream.failed.stream.threads");
    }

    private static List<Long> committedOffsets(JsonNode all) {
        List<Long> offsets = new ArrayList<>();
        all.path("clients").forEach(client -> client.path("threads").forEach(thread -> thread.path("activeTasks")
            .forEach(task -> task.path("partitions").forEach(partition -> {
                if (partition.path("committedOffset").isNumber()) {
                    offsets.add(partition.path("committedOffset").asLong());
                }
            }))));
        return offsets;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(String path) throws Exception {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ItemCountTopology.class)
    static class App {

        /** Spring Security is on this module's test classpath; this service's actuator is open. */
        @Bean
        SecurityFilterChain openActuator(HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }
}
