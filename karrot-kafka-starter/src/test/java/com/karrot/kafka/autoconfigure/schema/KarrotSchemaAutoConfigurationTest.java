package com.karrot.kafka.autoconfigure.schema;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.schema.AvroEventDeserializer;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotSchemaAutoConfigurationTest {

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSchemaAutoConfiguration.class, KarrotSerdeAutoConfiguration.class));

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void nothingIsConfiguredWithoutARegistryUrl() {
        this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(SchemaRegistryClient.class)
            .doesNotHaveBean(AvroEventDeserializer.class)
            .getBean(EventSerializer.class)
            .isInstanceOf(JsonEventSerializer.class));
    }

    @Test
    void registryUrlBringsTheClientAndAvroIntoTheSerdeSeam() {
        this.contextRunner.withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url())
            .run(context -> {
                assertThat(context).hasSingleBean(SchemaRegistryClient.class)
                    .hasSingleBean(AvroEventDeserializer.class)
                    .hasSingleBean(EventSerializer.class)
                    .hasSingleBean(EventDeserializers.class);
                assertThat(context.getBean(EventSerializer.class)).isNotInstanceOf(JsonEventSerializer.class);
            });
    }

    @Test
    void schemaCapabilityIsSwitchedOffWithEnabledFalse() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                    "karrot.kafka.schema.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(SchemaRegistryClient.class)
                .getBean(EventSerializer.class)
                .isInstanceOf(JsonEventSerializer.class));
    }

    @Test
    void starterStartsWithoutAvroAndWritesJson() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.avro"))
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url())
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SchemaRegistryClient.class)
                .getBean(EventSerializer.class)
                .isInstanceOf(JsonEventSerializer.class));
    }

    @Test
    void servicesOwnSerializerAndClientAreKept() {
        EventSerializer own = (event, descriptor, topic, headers) -> {
            throw new UnsupportedOperationException();
        };
        this.contextRunner.withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url())
            .withBean("ownSerializer", EventSerializer.class, () -> own)
            .run(context -> assertThat(context.getBean(EventSerializer.class)).isSameAs(own));
    }

    @Test
    void basicAuthAndBearerTokenTogetherFailNamingBothProperties() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                    "karrot.kafka.schema.registry.username=svc", "karrot.kafka.schema.registry.bearer-token=t")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.schema.registry.username and "
                        + "karrot.kafka.schema.registry.bearer-token are both set"));
    }

    @Test
    void nonPositiveTimeoutFailsNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                    "karrot.kafka.schema.registry.request-timeout=0s")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.schema.registry.request-timeout must be positive"));
    }

    @Test
    void unknownSslBundleFailsStartUp() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                    "karrot.kafka.schema.registry.ssl.bundle=registry")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.schema.registry.ssl.bundle is set to 'registry'"));
    }

    @Test
    void sslBundleOfNoSuchNameFailsStartUpNamingTheProperty() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
            .withPropertyValues("karrot.kafka.schema.registry.url=" + this.registry.url(),
                    "karrot.kafka.schema.registry.ssl.bundle=no-such-bundle")
            .run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("Property karrot.kafka.schema.registry.ssl.bundle with value 'no-such-bundle'"
                        + " is invalid"));
    }
}
