package com.karrot.kafka.schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The HTTP client against a stub registry: what it sends, how it maps error answers (the server-side codes
 * especially, which a working registry does not produce on demand), caching, fail-over, timeouts and TLS.
 */
class HttpSchemaRegistryClientTest {

    private static final Schema USER = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");

    private static final String USER_JSON = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"User\\\",\\\"fields\\\":"
            + "[{\\\"name\\\":\\\"name\\\",\\\"type\\\":\\\"string\\\"}]}";

    private final StubRegistry stub = StubRegistry.start();

    @AfterEach
    void stopStub() {
        this.stub.close();
    }

    @ParameterizedTest
    @ValueSource(ints = { 50001, 50002, 50003, 50004 })
    void serverSideErrorCodesAreServerErrors(int errorCode) {
        this.stub.answer("GET", "/subjects", 500, "{\"error_code\":" + errorCode + ",\"message\":\"Store failed\"}");

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(client()::subjects).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(500);
            assertThat(ex.errorCode()).isEqualTo(errorCode);
            assertThat(ex.registryMessage()).isEqualTo("Store failed");
            assertThat(ex.isServerError()).isTrue();
            assertThat(ex).hasMessage("Store failed (HTTP 500, error code " + errorCode + ")");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 409, 40901 })
    void bothCodesForAnIncompatibleSchemaAreIncompatible(int errorCode) {
        this.stub.answer("POST", "/subjects/users-value/versions", 409,
                "{\"error_code\":" + errorCode + ",\"message\":\"Schema being registered is incompatible\"}");

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> client().register("users-value", USER))
            .satisfies(ex -> assertThat(ex.isIncompatible()).isTrue())
            .satisfies(ex -> assertThat(ex.isServerError()).isFalse());
    }

    @Test
    void answerWithoutRegistryErrorCarriesItsStatusAndBody() {
        this.stub.answer("GET", "/subjects", 502, "<html>Bad Gateway</html>");

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(client()::subjects).satisfies(ex -> {
            assertThat(ex.errorCode()).isEqualTo(502);
            assertThat(ex.isServerError()).isTrue();
            assertThat(ex.registryMessage()).endsWith("/subjects: <html>Bad Gateway</html>");
        });
    }

    @Test
    void requestCarriesTheRegistryMediaTypeAndTheSchemaAsJsonText() {
        this.stub.answer("POST", "/subjects/users-value/versions", 200, "{\"id\":7}");

        assertThat(client().register("users-value", USER)).isEqualTo(7);

        StubRegistry.Request request = this.stub.requests.get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Authorization")).isNull();
        assertThat(request.body()).isEqualTo("{\"schema\":\"" + USER_JSON + "\"}");
    }

    @Test
    void basicAuthAndBearerTokenGoInTheAuthorizationHeader() {
        this.stub.answer("GET", "/subjects", 200, "[]");

        HttpSchemaRegistryClient.builder(this.stub.url()).basicAuth("svc", "s3cret:x").build().subjects();
        HttpSchemaRegistryClient.builder(this.stub.url()).bearerToken("tok3n").build().subjects();

        assertThat(this.stub.requests).extracting(request -> request.header("Authorization"))
            .containsExactly("Basic c3ZjOnMzY3JldDp4", "Bearer tok3n");
    }

    @Test
    void subjectIsSentAsOneEncodedPathSegment() {
        this.stub.answer("GET", "/subjects/team%2Fusers%20v/versions", 200, "[1,2]");

        assertThat(client().versions("team/users v")).containsExactly(1, 2);
    }

    @Test
    void idsAndSchemasAreAskedOnceThenCached() {
        this.stub.answer("POST", "/subjects/users-value/versions", 200, "{\"id\":7}")
            .answer("GET", "/schemas/ids/8", 200, "{\"schema\":\"" + USER_JSON + "\"}");
        HttpSchemaRegistryClient client = client();

        assertThat(client.register("users-value", USER)).isEqualTo(7);
        assertThat(client.register("users-value", USER)).isEqualTo(7);
        assertThat(client.schemaById(7)).isEqualTo(USER);
        assertThat(client.schemaById(8)).isEqualTo(USER);
        assertThat(client.schemaById(8)).isEqualTo(USER);

        assertThat(this.stub.requests).extracting(StubRegistry.Request::target)
            .containsExactly("/subjects/users-value/versions", "/schemas/ids/8");
    }

    @Test
    void lookupIsCachedAndGivesTheIdForRegistering() {
        this.stub.answer("POST", "/subjects/users-value", 200,
                "{\"subject\":\"users-value\",\"version\":2,\"id\":9,\"schema\":\"" + USER_JSON + "\"}");
        HttpSchemaRegistryClient client = client();

        assertThat(client.lookup("users-value", USER)).isEqualTo(new RegisteredSchema("users-value", 2, 9, USER));
        assertThat(client.lookup("users-value", USER).id()).isEqualTo(9);
        assertThat(client.register("users-value", USER)).isEqualTo(9);

        assertThat(this.stub.requests).hasSize(1);
    }

    @Test
    void compatibilityCheckAsksForTheRegistrysMessages() {
        this.stub.answer("POST", "/compatibility/subjects/users-value/versions/latest?verbose=true", 200,
                "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\"]}");

        assertThat(client().testCompatibility("users-value", USER))
            .isEqualTo(CompatibilityResult.incompatible(List.of("READER_FIELD_MISSING_DEFAULT_VALUE")));
    }

    @Test
    void compatibilityCheckOfAnUnknownSubjectIsCompatibleAsWithNewerRegistries() {
        this.stub.answer("POST", "/compatibility/subjects/users-value/versions/latest?verbose=true", 404,
                "{\"error_code\":40401,\"message\":\"Subject 'users-value' not found.\"}");

        assertThat(client().testCompatibility("users-value", USER)).isEqualTo(CompatibilityResult.compatible());
    }

    @Test
    void subjectCompatibilityFallsBackToTheGlobalOne() {
        this.stub.answer("GET", "/config/users-value?defaultToGlobal=true", 200, "{\"compatibilityLevel\":\"FULL\"}");

        assertThat(client().compatibility("users-value")).isEqualTo(CompatibilityMode.FULL);
    }

    @ParameterizedTest
    @ValueSource(ints = { 40401, 40408 })
    void subjectWithoutAModeOfItsOwnHasTheGlobalOneWhereTheRegistryIgnoresDefaultToGlobal(int errorCode) {
        // Apicurio answers 40401 for a subject without a mode of its own; Confluent 40408 without defaultToGlobal
        this.stub.answer("GET", "/config/users-value?defaultToGlobal=true", 404,
                "{\"error_code\":" + errorCode + ",\"message\":\"Subject 'users-value' not found.\"}")
            .answer("GET", "/config", 200, "{\"compatibilityLevel\":\"NONE\"}");

        assertThat(client().compatibility("users-value")).isEqualTo(CompatibilityMode.NONE);
    }

    @Test
    void incompatibleAnswerWithoutMessagesSaysTheRegistryGaveNoDetails() {
        // Apicurio's ccompat API ignores verbose=true
        this.stub.answer("POST", "/compatibility/subjects/users-value/versions/latest?verbose=true", 200,
                "{\"is_compatible\":false}");

        CompatibilityResult result = client().testCompatibility("users-value", USER);

        assertThat(result.isCompatible()).isFalse();
        assertThat(result.messages()).singleElement().asString().contains("gave no details");
    }

    @Test
    void schemaOfAnotherTypeIsRefused() {
        this.stub.answer("GET", "/schemas/ids/3", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = 1\"}");

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(() -> client().schemaById(3))
            .withMessageContaining("a PROTOBUF schema, not an Avro one");
    }

    @Test
    void nextUrlIsTriedWhenARegistryCannotBeReached() throws IOException {
        this.stub.answer("GET", "/subjects", 200, "[\"users-value\"]");

        assertThat(HttpSchemaRegistryClient.builder(closedPortUrl(), this.stub.url()).build().subjects())
            .containsExactly("users-value");
    }

    @Test
    void unreachableRegistryIsAnExceptionWithoutStatus() throws IOException {
        String url = closedPortUrl();

        assertThatExceptionOfType(SchemaRegistryException.class)
            .isThrownBy(() -> HttpSchemaRegistryClient.builder(url).build().subjects())
            .satisfies(ex -> assertThat(ex.status()).isZero())
            .satisfies(ex -> assertThat(ex.errorCode()).isZero())
            .withMessageStartingWith("No schema registry answered GET /subjects at [" + url + "]");
    }

    @Test
    void requestThatTakesTooLongTimesOut() {
        this.stub.hang("GET", "/subjects");
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.stub.url())
            .requestTimeout(Duration.ofMillis(200))
            .build();

        assertThatExceptionOfType(SchemaRegistryException.class).isThrownBy(client::subjects)
            .withCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void tlsRegistryIsReachedWithTheSuppliedSslContextOnly(@TempDir Path directory) throws Exception {
        KeyStore keyStore = selfSignedKeyStore(directory);
        try (StubRegistry tls = StubRegistry.startTls(serverContext(keyStore))) {
            tls.answer("GET", "/subjects", 200, "[]");

            assertThat(HttpSchemaRegistryClient.builder(tls.url()).sslContext(clientContext(keyStore)).build()
                .subjects()).isEmpty();
            assertThatExceptionOfType(SchemaRegistryException.class)
                .isThrownBy(() -> HttpSchemaRegistryClient.builder(tls.url()).build().subjects())
                .satisfies(ex -> assertThat(ex.status()).isZero());
        }
    }

    @Test
    void baseUrlMustBeHttp() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpSchemaRegistryClient.builder("localhost:8081"))
            .withMessage("baseUrls must be http(s) URLs, was localhost:8081");
    }

    private HttpSchemaRegistryClient client() {
        return HttpSchemaRegistryClient.builder(this.stub.url()).build();
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static KeyStore selfSignedKeyStore(Path directory) throws Exception {
        Path file = directory.resolve("registry.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext",
                "san=ip:127.0.0.1", "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit")
            .redirectErrorStream(true)
            .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        return keyStore;
    }

    private static SSLContext serverContext(KeyStore keyStore) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(KeyStore keyStore) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
