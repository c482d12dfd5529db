package com.karrot.kafka.schema;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON requests to a schema registry over the JDK's HTTP client: the registry's media type, the
 * {@code Authorization} header, fail-over to the next base URL when one cannot be reached, and error answers
 * turned into {@link SchemaRegistryException}s.
 */
final class RegistryHttp {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient client;

    private final List<String> baseUrls;

    private final Duration requestTimeout;

    private final @Nullable String authorization;

    RegistryHttp(List<String> baseUrls, Duration connectTimeout, Duration requestTimeout,
            @Nullable String authorization, @Nullable SSLContext sslContext) {
        // HTTP/1.1: without TLS the JDK client would try an h2c upgrade, which registries behind some proxies refuse
        HttpClient.Builder builder = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
        this.baseUrls = baseUrls.stream().map(RegistryHttp::withoutTrailingSlash).toList();
        this.requestTimeout = requestTimeout;
        this.authorization = authorization;
    }

    /** Encodes one path segment, such as a subject name that may hold {@code /} or spaces. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    JsonNode object(String field, String value) {
        return this.json.createObjectNode().put(field, value);
    }

    private JsonNode send(String method, String path, @Nullable JsonNode body) {
        @Nullable IOException failure = null;
        for (String baseUrl : this.baseUrls) {
            try {
                HttpResponse<byte[]> response = this.client.send(request(baseUrl + path, method, body),
                        HttpResponse.BodyHandlers.ofByteArray());
                return read(response);
            }
            catch (IOException ex) {
                if (failure != null) {
                    ex.addSuppressed(failure);
                }
                failure = ex;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted during " + method + " " + path, ex);
            }
        }
        throw new SchemaRegistryException("No schema registry answered " + method + " " + path + " at "
                + this.baseUrls + ": " + failure, failure);
    }

    private HttpRequest request(String url, String method, @Nullable JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .timeout(this.requestTimeout)
            .header("Accept", MEDIA_TYPE)
            .method(method, body != null
                    ? HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body))
                    : HttpRequest.BodyPublishers.noBody());
        if (body != null) {
            request.header("Content-Type", MEDIA_TYPE);
        }
        if (this.authorization != null) {
            request.header("Authorization", this.authorization);
        }
        return request.build();
    }

    private JsonNode read(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode node = parse(body);
        if (response.statusCode() == 200 && node != null) {
            return node;
        }
        if (node != null && node.path("error_code").isNumber()) {
            throw new SchemaRegistryException(response.statusCode(), node.path("error_code").asInt(),
                    node.path("message").asString(""));
        }
        String excerpt = body.length() > MAX_BODY_IN_MESSAGE ? body.substring(0, MAX_BODY_IN_MESSAGE) + "..." : body;
        throw new SchemaRegistryException(response.statusCode(), response.statusCode(),
                "Unexpected answer from " + response.uri() + ": " + excerpt);
    }

    private @Nullable JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : this.json.readTree(body);
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
