package com.karrot.kafka.test.registry;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.CompatibilityResult;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry's REST routes, a subset of the Confluent Schema Registry API with its paths, JSON bodies, media
 * type and error answers.
 */
final class RegistryRoutes implements HttpHandler {

    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private final JsonMapper json = JsonMapper.builder().build();

    private final RegistryState state;

    RegistryRoutes(RegistryState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        Object answer;
        try {
            answer = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                    query(exchange.getRequestURI().getRawQuery()), exchange);
        }
        catch (RuntimeException ex) {
            RegistryError error = ex instanceof RegistryError known ? known : RegistryError.internal(ex);
            status = error.status;
            answer = this.json.createObjectNode().put("error_code", error.errorCode).put("message", error.getMessage());
        }
        byte[] body = this.json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private Object route(String method, List<String> path, Map<String, String> query, HttpExchange exchange)
            throws IOException {
        String resource = path.isEmpty() ? "" : path.get(0);
        int length = path.size();
        if (resource.equals("subjects") && length == 1) {
            return only("GET", method, this.state::subjects);
        }
        if (resource.equals("subjects") && length == 2) {
            return only("POST", method, () -> version(this.state.lookup(path.get(1), schemaOf(exchange))));
        }
        if (resource.equals("subjects") && length == 3 && path.get(2).equals("versions")) {
            if (method.equals("POST")) {
                return this.json.createObjectNode().put("id", this.state.register(path.get(1), schemaOf(exchange)));
            }
            return only("GET", method,
                    () -> IntStream.rangeClosed(1, this.state.versions(path.get(1)).size()).boxed().toList());
        }
        if (resource.equals("subjects") && length == 4 && path.get(2).equals("versions")) {
            return only("GET", method, () -> version(this.state.version(path.get(1), path.get(3))));
        }
        if (resource.equals("schemas") && length == 3 && path.get(1).equals("ids")) {
            return only("GET", method, () -> object("schema", this.state.schema(schemaId(path.get(2)))));
        }
        if (resource.equals("compatibility") && length == 5 && path.get(1).equals("subjects")
                && path.get(3).equals("versions")) {
            return only("POST", method, () -> compatibility(
                    this.state.testCompatibility(path.get(2), path.get(4), schemaOf(exchange)),
                    "true".equals(query.get("verbose"))));
        }
        if (resource.equals("config") && (length == 1 || length == 2)) {
            String subject = length == 2 ? path.get(1) : null;
            if (method.equals("PUT")) {
                CompatibilityMode mode = this.state.updateMode(subject, field(exchange, "compatibility"));
                return object("compatibility", mode.name());
            }
            return only("GET", method, () -> object("compatibilityLevel",
                    this.state.configuredMode(subject, "true".equals(query.get("defaultToGlobal"))).name()));
        }
        throw RegistryError.notFound();
    }

    private static Object only(String allowed, String method, Route route) throws IOException {
        if (!allowed.equals(method)) {
            throw RegistryError.methodNotAllowed();
        }
        return route.answer();
    }

    private ObjectNode version(RegistryState.Version version) {
        return this.json.createObjectNode().put("subject", version.subject()).put("version", version.version())
            .put("id", version.id()).put("schema", version.schema());
    }

    private ObjectNode compatibility(CompatibilityResult result, boolean verbose) {
        ObjectNode answer = this.json.createObjectNode().put("is_compatible", result.isCompatible());
        if (verbose) {
            result.messages().forEach(answer.putArray("messages")::add);
        }
        return answer;
    }

    private ObjectNode object(String field, String value) {
        return this.json.createObjectNode().put(field, value);
    }

    private String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asString("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryError.invalidSchema("this registry holds Avro schemas only, not " + type);
        }
        if (!body.path("schema").isString()) {
            throw RegistryError.invalidSchema("the request has no schema");
        }
        return body.path("schema").asString();
    }

    private String field(HttpExchange exchange, String name) throws IOException {
        JsonNode value = body(exchange).path(name);
        if (!value.isString()) {
            throw RegistryError.invalidCompatibilityLevel();
        }
        return value.asString();
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        try {
            return this.json.readTree(exchange.getRequestBody().readAllBytes());
        }
        catch (JacksonException ex) {
            throw RegistryError.malformedRequest("Unparsable JSON: " + ex.getOriginalMessage());
        }
    }

    private static int schemaId(String id) {
        try {
            return Integer.parseInt(id);
        }
        catch (NumberFormatException ex) {
            throw RegistryError.notFound();
        }
    }

    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/")).filter(segment -> !segment.isEmpty())
            .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
            .toList();
    }

    private static Map<String, String> query(@Nullable String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                query.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return query;
    }

    @FunctionalInterface
    private interface Route {

        Object answer() throws IOException;
    }
}
