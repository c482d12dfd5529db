package com.karrot.kafka.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The properties reference in docs/ lists every property the metadata ships, so the docs stay true. */
class PropertiesReferenceTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyKarrotPropertyIsInTheReference() throws IOException {
        Map<String, Object> metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readValue(in, Map.class);
        }
        String reference = Files.readString(Path.of("..", "docs", "properties.md"));
        List<String> names = ((List<Map<String, Object>>) metadata.get("properties")).stream()
            .map(property -> (String) property.get("name"))
            .filter(name -> name.startsWith("karrot.kafka."))
            .map(name -> name.equals("karrot.kafka.outbox.topics") ? "karrot.kafka.outbox.topics.<aggregate-type>" : name)
            .toList();
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(reference).contains("`" + name + "`"));
    }
}
