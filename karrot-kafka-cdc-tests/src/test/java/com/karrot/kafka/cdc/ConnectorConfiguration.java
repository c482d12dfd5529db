package com.karrot.kafka.cdc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connector configurations of the outbox guide, read from {@code docs/outbox.md} itself, so that what the tests
 * run is what the guide says: the JSON block that follows the marker comment {@code <!-- connector: NAME -->}, in
 * the form Kafka Connect's REST API takes ({@code {"name": ..., "config": {...}}}).
 */
final class ConnectorConfiguration {

    private static final Path GUIDE = Path.of("..", "docs", "outbox.md");

    private ConnectorConfiguration() {
    }

    /**
     * The configuration of the guide's connector of that name, with the test's own settings on top.
     * @param connector the name in the marker comment, such as {@code postgresql}
     * @param overrides the test's database, names and slot
     * @return the {@code config} object as a map, with the connector's {@code name}
     */
    static Map<String, String> fromGuide(String connector, Map<String, String> overrides) throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        String marker = "<!-- connector: " + connector + " -->";
        int at = guide.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException(GUIDE + " has no " + marker);
        }
        int start = guide.indexOf("```json", at) + "```json".length();
        int end = guide.indexOf("```", start);
        JsonNode json = JsonMapper.builder().build().readTree(guide.substring(start, end));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", json.get("name").asString());
        json.get("config").properties().forEach(entry -> config.put(entry.getKey(), entry.getValue().asString()));
        config.putAll(overrides);
        return config;
    }
}
