package com.karrot.kafka.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code karrot.kafka.*} property a service can set is described in the shipped metadata. */
class ConfigurationMetadataTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyPropertyHasADescription() throws IOException {
        Map<String, Object> metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = JsonMapper.builder().build().readValue(in, Map.class);
        }
        List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
        assertThat(properties).extracting(p -> (String) p.get("name")).contains("karrot.kafka.health.timeout");
        assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
            .as("description of %s", property.get("name"))
            .isNotBlank());
    }
}
