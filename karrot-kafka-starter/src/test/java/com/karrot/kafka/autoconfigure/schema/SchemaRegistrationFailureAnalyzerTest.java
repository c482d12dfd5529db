package com.karrot.kafka.autoconfigure.schema;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Failed start-up registrations reported as Spring Boot failure analyses: what failed, and what to do. */
@ExtendWith(OutputCaptureExtension.class)
class SchemaRegistrationFailureAnalyzerTest {

    private static final Schema USER_V1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"User\","
            + "\"namespace\":\"com.example\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSchemaAutoConfiguration.class, KarrotSerdeAutoConfiguration.class))
        .withPropertyValues("karrot.kafka.schema.subject-name-strategy=record");

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void incompatibleSchemaIsDescribedBySubjectModeAndWhatBreaksWithTheWaysOut() {
        HttpSchemaRegistryClient.builder(this.registry.url()).build().register("com.example.User", USER_V1);

        FailureAnalysis analysis = analyse("karrot.kafka.schema.registry.url=" + this.registry.url(),
                "karrot.kafka.schema.registration.locations=classpath:schemas/user-email-required/*.avsc");

        assertThat(analysis.getDescription()).contains("user.avsc",
                "is incompatible with subject 'com.example.User' in mode BACKWARD",
                "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
        assertThat(analysis.getAction()).contains("Make the change compatible in mode BACKWARD",
                "karrot.kafka.schema.registration.on-incompatible=warn");
    }

    @Test
    void malformedSchemaFileIsDescribedByTheFileAndTheParseError() {
        FailureAnalysis analysis = analyse("karrot.kafka.schema.registry.url=" + this.registry.url(),
                "karrot.kafka.schema.registration.locations=classpath:schemas/malformed/*.avsc");

        assertThat(analysis.getDescription()).contains("Malformed Avro schema in ", "broken.avsc",
                "Undefined schema: strin");
        assertThat(analysis.getAction()).contains("Fix the schema file",
                "karrot.kafka.schema.registration.locations");
    }

    @Test
    void unreachableRegistryIsDescribedWithTheSubjectAndTheActionNamesTheUrlProperty() throws IOException {
        FailureAnalysis analysis = analyse("karrot.kafka.schema.registry.url=http://127.0.0.1:" + closedPort(),
                "karrot.kafka.schema.registry.connect-timeout=2s",
                "karrot.kafka.schema.registration.locations=classpath:schemas/user/*.avsc");

        assertThat(analysis.getDescription()).contains("Cannot register the schema of ", "user.avsc",
                "under subject 'com.example.User'", "No schema registry answered");
        assertThat(analysis.getAction()).contains("karrot.kafka.schema.registry.url is running and reachable",
                "karrot.kafka.schema.registration.enabled=false");
    }

    // a SpringApplication finds failure analyzers in spring.factories only: this also proves the registration
    @Test
    void failingApplicationPrintsTheAnalysisInsteadOfAStackTrace(CapturedOutput output) {
        HttpSchemaRegistryClient.builder(this.registry.url()).build().register("com.example.User", USER_V1);
        SpringApplication application = new SpringApplication(SchemaApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatExceptionOfType(SchemaRegistrationException.class).isThrownBy(() -> application.run(
                "--karrot.kafka.schema.registry.url=" + this.registry.url(),
                "--karrot.kafka.schema.subject-name-strategy=record",
                "--karrot.kafka.schema.registration.locations=classpath:schemas/user-email-required/*.avsc"));

        assertThat(output).contains("APPLICATION FAILED TO START",
                "is incompatible with subject 'com.example.User' in mode BACKWARD", "Action:",
                "karrot.kafka.schema.registration.on-incompatible=warn");
    }

    private FailureAnalysis analyse(String... properties) {
        List<FailureAnalysis> analyses = new ArrayList<>();
        this.contextRunner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            analyses.add(new SchemaRegistrationFailureAnalyzer().analyze(context.getStartupFailure()));
        });
        assertThat(analyses.get(0)).as("analysis of a SchemaRegistrationException").isNotNull();
        return analyses.get(0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ KarrotSchemaAutoConfiguration.class, KarrotSerdeAutoConfiguration.class })
    static class SchemaApplication {
    }
}
