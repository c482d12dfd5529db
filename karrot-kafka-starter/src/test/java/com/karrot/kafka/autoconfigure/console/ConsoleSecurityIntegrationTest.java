package com.karrot.kafka.autoconfigure.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.karrot.kafka.test.KarrotKafkaTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console is protected exactly like the endpoints it calls, by the Spring Security chain of docs/console.md over
 * {@code EndpointRequest}: role READER reads the console and the endpoints, role OPERATOR also writes through
 * {@code kafkaoutbox} and {@code kafkadlq} (with the CSRF token the page sends), READER's writes are refused with 403
 * and an anonymous caller gets 401. With {@code management.server.port} the console and its endpoints are served on
 * the management port, where the page's relative calls land.
 */
@SpringBootTest(classes = ConsoleSecurityIntegrationTest.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:console-security;DB_CLOSE_DELAY=-1",
                "spring.application.name=console-security",
                "karrot.kafka.console.enabled=true",
                "management.endpoints.web.exposure.include=kafkaconsole,kafkaoutbox,kafkadlq",
                "management.endpoint.kafkaoutbox.access=unrestricted",
                "management.endpoint.kafkadlq.access=unrestricted" })
@KarrotKafkaTest
class ConsoleSecurityIntegrationTest {

    /** What the page probes write access with: a retry of an event id no event has, a replay of no dead-letter topic. */
    private static final String PROBE = "karrot-console-probe";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final Pattern XSRF_COOKIE = Pattern.compile("XSRF-TOKEN=([^;]+)");

    @LocalServerPort
    int port;

    @Test
    void readerAndOperatorAreServedTheConsoleAndTheEndpoints() {
        for (String user : List.of("reader", "operator")) {
            assertThat(get(this.port, "/actuator/kafkaconsole", user).statusCode()).isEqualTo(200);
            assertThat(get(this.port, "/actuator/kafkaconsole/api.js", user).statusCode()).isEqualTo(200);
            assertThat(get(this.port, "/actuator/kafkaoutbox", user).statusCode()).isEqualTo(200);
            assertThat(get(this.port, "/actuator/kafkadlq", user).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void operatorWritesThroughTheEndpoints() {
        assertThat(write(this.port, "POST", "/actuator/kafkaoutbox/" + PROBE, "{}", "operator").body())
            .contains("\"retried\":false");
        assertThat(write(this.port, "DELETE", "/actuator/kafkaoutbox/" + PROBE, null, "operator").statusCode())
            .isEqualTo(200);
        // the endpoint itself read the request: no dead-letter topic of that name
        HttpResponse<String> replay = write(this.port, "POST", "/actuator/kafkadlq/" + PROBE, "{\"dryRun\": true}",
                "operator");
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("\"parameter\":\"topic\"");
    }

    @Test
    void readerMayNotWrite() {
        assertThat(write(this.port, "POST", "/actuator/kafkaoutbox/" + PROBE, "{}", "reader").statusCode()).isEqualTo(403);
        assertThat(write(this.port, "POST", "/actuator/kafkaoutbox", "{}", "reader").statusCode()).isEqualTo(403);
        assertThat(write(this.port, "DELETE", "/actuator/kafkaoutbox/" + PROBE, null, "reader").statusCode())
            .isEqualTo(403);
        assertThat(write(this.port, "POST", "/actuator/kafkadlq/" + PROBE, "{\"dryRun\": false}", "reader").statusCode())
            .isEqualTo(403);
    }

    @Test
    void anonymousCallerIsUnauthorized() {
        assertThat(get(this.port, "/actuator/kafkaconsole", null).statusCode()).isEqualTo(401);
        assertThat(get(this.port, "/actuator/kafkaconsole/console.js", null).statusCode()).isEqualTo(401);
        assertThat(get(this.port, "/actuator/kafkadlq", null).statusCode()).isEqualTo(401);
        assertThat(write(this.port, "POST", "/actuator/kafkadlq/" + PROBE, "{\"dryRun\": false}", null).statusCode())
            .isEqualTo(401);
    }

    @Nested
    @TestPropertySource(properties = "management.server.port=0")
    class SeparateManagementPort {

        @LocalServerPort
        int port;

        @LocalManagementPort
        int managementPort;

        @Test
        void consoleAndItsEndpointsAreServedOnTheManagementPort() {
            assertThat(this.managementPort).isNotEqualTo(this.port);
            URI page = URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/kafkaconsole");
            HttpResponse<String> html = get(page, "reader");
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("src=\"kafkaconsole/console.js\"");
            // the page's own files, relative to the page, and api.js's calls, relative to its folder's parent
            URI api = page.resolve("kafkaconsole/api.js");
            assertThat(get(api, "reader").body()).contains("new URL('../', import.meta.url)");
            URI base = api.resolve("../");
            assertThat(get(base.resolve("kafkadlq"), "reader").statusCode()).isEqualTo(200);
            assertThat(get(base.resolve("kafkaoutbox"), "operator").statusCode()).isEqualTo(200);
            assertThat(write(this.managementPort, "POST", "/actuator/kafkaoutbox/" + PROBE, "{}", "operator").statusCode())
                .isEqualTo(200);
            assertThat(write(this.managementPort, "POST", "/actuator/kafkaoutbox/" + PROBE, "{}", "reader").statusCode())
                .isEqualTo(403);
            assertThat(get(base.resolve("kafkaconsole"), null).statusCode()).isEqualTo(401);
            // and not on the application's port
            assertThat(get(this.port, "/actuator/kafkaconsole", "operator").statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(int port, String path, @Nullable String user) {
        return get(URI.create("http://127.0.0.1:" + port + path), user);
    }

    private static HttpResponse<String> get(URI uri, @Nullable String user) {
        return send(authorized(HttpRequest.newBuilder(uri), user).GET().build());
    }

    /**
     * A write as the page sends it: with the CSRF token of the {@code XSRF-TOKEN} cookie, which a read of the page
     * sets, in the {@code X-XSRF-TOKEN} header.
     */
    private static HttpResponse<String> write(int port, String method, String path, @Nullable String json,
            @Nullable String user) {
        HttpResponse<String> page = get(port, "/actuator/kafkaconsole", "reader");
        String token = page.headers().allValues("Set-Cookie").stream()
            .map(XSRF_COOKIE::matcher)
            .filter(Matcher::find)
            .map(matcher -> matcher.group(1))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie in " + page.headers()));
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), user)
            .header("Cookie", "XSRF-TOKEN=" + token)
            .header("X-XSRF-TOKEN", token)
            .method(method, json != null ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, @Nullable String user) {
        request.timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        // the chain of docs/console.md
        @Bean
        SecurityFilterChain management(HttpSecurity http) throws Exception {
            return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests
                    .requestMatchers(HttpMethod.GET).hasAnyRole("READER", "OPERATOR")
                    .anyRequest().hasRole("OPERATOR"))
                .httpBasic(Customizer.withDefaults())
                .csrf(CsrfConfigurer::spa)
                .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("reader").password("{noop}secret").roles("READER").build(),
                    User.withUsername("operator").password("{noop}secret").roles("OPERATOR").build());
        }
    }
}
