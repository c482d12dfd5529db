package com.karrot.kafka.test.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory registry over raw HTTP, for what the client contract does not reach: the answers to requests a
 * typed client cannot make (invalid schemas, versions and levels), its ids and its reset.
 */
class InMemorySchemaRegistryTest {

    private static final String USER = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"User\\\",\\\"fields\\\":"
            + "[{\\\"name\\\":\\\"name\\\",\\\"type\\\":\\\"string\\\"}]}";

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void idsStartAtOneAndAnswersAreRegistryJson() throws Exception {
        HttpResponse<String> response = send("POST", "/subjects/users-value/versions", "{\"schema\":\"" + USER + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(response.body()).isEqualTo("{\"id\":1}");
        assertThat(send("GET", "/schemas/ids/1", null).body()).isEqualTo("{\"schema\":\"" + USER + "\"}");
    }

    @Test
    void schemaThatDoesNotParseIsAnInvalidSchema() throws Exception {
        HttpResponse<String> response = send("POST", "/subjects/users-value/versions",
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"User\\\"}\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).startsWith("{\"error_code\":42201,\"message\":\"Invalid schema: ");
    }

    @Test
    void versionThatIsNotANumberIsAnInvalidVersion() throws Exception {
        send("POST", "/subjects/users-value/versions", "{\"schema\":\"" + USER + "\"}");

        HttpResponse<String> response = send("GET", "/subjects/users-value/versions/first", null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).startsWith("{\"error_code\":42202,");
    }

    @Test
    void unknownCompatibilityLevelIsAnInvalidCompatibilityLevel() throws Exception {
        HttpResponse<String> response = send("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).startsWith("{\"error_code\":42203,");
    }

    @Test
    void subjectWithoutItsOwnLevelAnswersNotConfiguredUnlessAskedForTheGlobalOne() throws Exception {
        HttpResponse<String> response = send("GET", "/config/users-value", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"error_code\":40408,");
        assertThat(send("GET", "/config/users-value?defaultToGlobal=true", null).body())
            .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void levelIsSetAsConfluentAnswersIt() throws Exception {
        assertThat(send("PUT", "/config/users-value", "{\"compatibility\":\"full\"}").body())
            .isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(send("GET", "/config/users-value", null).body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void unknownPathAndMethodAreAnsweredAsByTheRegistry() throws Exception {
        assertThat(send("GET", "/mode", null).body()).isEqualTo("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        assertThat(send("DELETE", "/subjects", null).statusCode()).isEqualTo(405);
    }

    @Test
    void globalModeIsBackwardUntilChanged() {
        SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityMode.BACKWARD);
        client.updateGlobalCompatibility(CompatibilityMode.NONE);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityMode.NONE);
        assertThat(client.compatibility("users-value")).isEqualTo(CompatibilityMode.NONE);
    }

    @Test
    void resetForgetsEverythingAndStartsIdsAgain() throws Exception {
        send("POST", "/subjects/users-value/versions", "{\"schema\":\"" + USER + "\"}");
        send("PUT", "/config", "{\"compatibility\":\"NONE\"}");

        this.registry.reset();

        assertThat(send("GET", "/subjects", null).body()).isEqualTo("[]");
        assertThat(send("GET", "/config", null).body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(send("POST", "/subjects/orders-value/versions", "{\"schema\":\"" + USER + "\"}").body())
            .isEqualTo("{\"id\":1}");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.registry.url() + path))
            .method(method, body != null ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        if (body != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
