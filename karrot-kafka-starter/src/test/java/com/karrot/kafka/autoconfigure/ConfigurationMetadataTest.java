package com.karrot.kafka.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.karrot.kafka.autoconfigure.console.ConsoleProperties;
import com.karrot.kafka.autoconfigure.health.KafkaHealthProperties;
import com.karrot.kafka.autoconfigure.lag.LagProperties;
import com.karrot.kafka.autoconfigure.listener.ListenerProperties;
import com.karrot.kafka.autoconfigure.outbox.OutboxProperties;
import com.karrot.kafka.autoconfigure.outbox.PublisherProperties;
import com.karrot.kafka.autoconfigure.properties.KarrotKafkaProperties;
import com.karrot.kafka.autoconfigure.schema.SchemaProperties;
import com.karrot.kafka.autoconfigure.streams.StreamsProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code karrot.kafka.*} property a service can set is described in the metadata that
 * spring-boot-configuration-processor generates from the properties classes, with its default.
 */
class ConfigurationMetadataTest {

    /** Properties that have no default: unset means "derived at start-up" or "none". */
    private static final Set<String> WITHOUT_DEFAULT = Set.of("karrot.kafka.outbox.topics", "karrot.kafka.outbox.source",
            "karrot.kafka.outbox.relay.instance-id", "karrot.kafka.outbox.retry.failed-retry-interval",
            "karrot.kafka.outbox.jdbc.platform", "karrot.kafka.outbox.jdbc.table-schema",
            "karrot.kafka.listener.inbox.jdbc.platform", "karrot.kafka.listener.inbox.jdbc.table-schema",
            "karrot.kafka.listener.retry.non-retryable-exceptions", "karrot.kafka.listener.concurrency",
            "karrot.kafka.schema.registry.url", "karrot.kafka.schema.registry.username",
            "karrot.kafka.schema.registry.password", "karrot.kafka.schema.registry.bearer-token",
            "karrot.kafka.schema.registry.ssl.bundle",
            "karrot.kafka.lag.groups.exclude", "karrot.kafka.lag.topics.exclude", "karrot.kafka.lag.health.groups",
            "karrot.kafka.lag.health.max-lag", "karrot.kafka.lag.health.max-time-lag",
            "karrot.kafka.publisher.direct.enabled", "karrot.kafka.streams.commit-interval",
            "karrot.kafka.streams.dead-letter.topic", "karrot.kafka.streams.properties", "karrot.kafka.streams.state-dir",
            "karrot.kafka.streams.timestamp-extractor");

    private static List<Map<String, Object>> properties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readMetadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class
            .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            properties = (List<Map<String, Object>>) JsonMapper.builder().build().readValue(in, Map.class).get("properties");
        }
    }

    @Test
    void everyPropertyHasADescription() {
        assertThat(properties).extracting(p -> (String) p.get("name")).contains("karrot.kafka.health.timeout");
        assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
            .as("description of %s", property.get("name"))
            .isNotBlank());
    }

    @Test
    void everyKarrotPropertyComesFromThePropertiesClassOfItsCapability() {
        Map<String, Class<?>> classes = Map.of("karrot.kafka.outbox.", OutboxProperties.class,
                "karrot.kafka.listener.", ListenerProperties.class, "karrot.kafka.health.", KafkaHealthProperties.class,
                "karrot.kafka.validate-properties", KarrotKafkaProperties.class, "karrot.kafka.schema.", SchemaProperties.class,
                "karrot.kafka.lag.", LagProperties.class,
                "karrot.kafka.publisher.", PublisherProperties.class, "karrot.kafka.streams.", StreamsProperties.class,
                "karrot.kafka.console.", ConsoleProperties.class);
        assertThat(karrotProperties()).hasSizeGreaterThan(30).allSatisfy(property -> {
            String name = (String) property.get("name");
            Class<?> owner = classes.entrySet().stream().filter(entry -> name.startsWith(entry.getKey()))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat((String) property.get("sourceType")).as("source of %s", name).startsWith(owner.getName());
        });
    }

    @Test
    void everyKarrotPropertyWithADefaultShowsIt() {
        assertThat(karrotProperties()).allSatisfy(property -> {
            String name = (String) property.get("name");
            assertThat(property.get("defaultValue")).as("default of %s", name)
                .matches(value -> WITHOUT_DEFAULT.contains(name) == (value == null));
        });
    }

    private static List<Map<String, Object>> karrotProperties() {
        return properties.stream().filter(property -> ((String) property.get("name")).startsWith("karrot.kafka.")).toList();
    }
}
