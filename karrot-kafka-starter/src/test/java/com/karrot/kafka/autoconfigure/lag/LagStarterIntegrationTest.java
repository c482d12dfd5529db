package com.karrot.kafka.autoconfigure.lag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.lag.GroupLag;
import com.karrot.kafka.lag.TopicFacts;
import com.karrot.kafka.test.SharedKafkaBroker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's lag monitoring on the shared broker: after N records written and M consumed and committed by a plain
 * consumer, the endpoint, the gauge and the health all see a lag of N - M; the health is DOWN above max-lag and UP
 * once the group catches up.
 */
class LagStarterIntegrationTest {

    private static final int PRODUCED = 20;

    private static final int COMMITTED = 12;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private final String topic = "lag-starter-" + this.suffix;

    private final String group = "lag-starter-group-" + this.suffix;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                KarrotLagAutoConfiguration.class, KarrotLagEndpointAutoConfiguration.class,
                KarrotLagHealthAutoConfiguration.class, KarrotLagMetricsAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=" + SharedKafkaBroker.bootstrapServers(),
                "management.endpoints.web.exposure.include=kafkalag,kafkatopics",
                "karrot.kafka.lag.refresh-interval=1s", "karrot.kafka.lag.groups.include=" + this.group,
                "karrot.kafka.lag.topics.include=" + this.topic, "karrot.kafka.lag.health.groups=" + this.group,
                "karrot.kafka.lag.health.max-lag=5");

    @Test
    void endpointGaugeAndHealthShowTheLagOfAGroup() throws Exception {
        TopicPartition partition = new TopicPartition(this.topic, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(this.topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(PRODUCED);
        consumeAndCommit(partition, COMMITTED);

        this.contextRunner.run(context -> {
            LagEndpoint endpoint = context.getBean(LagEndpoint.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            HealthIndicator health = context.getBean("kafkaLagHealthIndicator", HealthIndicator.class);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                GroupLag lag = (GroupLag) endpoint.group(this.group).getBody();
                assertThat(lag).isNotNull();
                assertThat(lag.totalLag()).isEqualTo((long) (PRODUCED - COMMITTED));
                Gauge gauge = registry.find(LagMeters.LAG).tag("group", this.group).tag("topic", this.topic).gauge();
                assertThat(gauge).isNotNull();
                assertThat(gauge.value()).isEqualTo(PRODUCED - COMMITTED);
            });
            Health down = health.health();
            assertThat(down.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(JSON.writeValueAsString(down.getDetails())).contains("\"partition\" : 0", "lag over max-lag 5");
            System.out.println("kafkalag/" + this.group + ":\n" + JSON.writeValueAsString(endpoint.group(this.group).getBody()));
            System.out.println("health kafkaLag:\n" + JSON.writeValueAsString(down));

            WebEndpointResponse<Object> topics = context.getBean(TopicsEndpoint.class).topic(this.topic);
            TopicFacts facts = (TopicFacts) topics.getBody();
            assertThat(facts).isNotNull();
            assertThat(facts.partitions().get(0).endOffset()).isEqualTo(PRODUCED);
            System.out.println("kafkatopics/" + this.topic + ":\n" + JSON.writeValueAsString(facts));
            assertThat(endpoint.group("no-such-group").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);

            consumeAndCommit(partition, PRODUCED);
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(health.health().getStatus().getCode()).isEqualTo("UP"));
            assertThat(registry.find(LagMeters.LAG).tag("group", this.group).gauge().value()).isZero();
        });
    }

    private void produce(int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(this.topic, 0, null, "record-" + i));
            }
            producer.flush();
        }
    }

    /** Reads the partition with the group from its committed offset until {@code offset}, then commits it. */
    private void consumeAndCommit(TopicPartition partition, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, this.group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.position(partition) >= offset;
            });
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }
}
