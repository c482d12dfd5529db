package com.karrot.kafka.autoconfigure.schema;

import java.util.List;
import java.util.Map;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.schema.AvroEventDeserializer;
import com.karrot.kafka.schema.AvroEventSerializer;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.KarrotAvroSerdeConfig;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.apache.avro.Schema;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.StringUtils;

/**
 * Auto-configures the schema registry when {@code karrot.kafka.schema.registry.url} is set and Avro is on the class
 * path: the {@link SchemaRegistryClient}; the outbox's {@link EventSerializer}, which writes events that are Avro
 * records as Avro ({@link AvroEventSerializer}) and every other event as JSON; the {@link AvroEventDeserializer}
 * that listeners choose for Avro records by their {@code content-type}; and the registration of the service's
 * schemas at start-up ({@code karrot.kafka.schema.registration.*}). Switched off with
 * {@code karrot.kafka.schema.enabled=false}; every bean can be replaced by one of the service's own. Runs before
 * {@link KarrotSerdeAutoConfiguration}, whose JSON-only serializer then backs off.
 */
@AutoConfiguration(before = KarrotSerdeAutoConfiguration.class,
        afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
                "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass(Schema.class)
@ConditionalOnBooleanProperty(name = "karrot.kafka.schema.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "karrot.kafka.schema.registry.url")
@EnableConfigurationProperties(SchemaProperties.class)
public final class KarrotSchemaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClient karrotSchemaRegistryClient(SchemaProperties properties, ObjectProvider<SslBundles> sslBundles) {
        SchemaProperties.Registry registry = properties.getRegistry();
        HttpSchemaRegistryClient.Builder builder = HttpSchemaRegistryClient.builder(registry.getUrl().toArray(String[]::new))
            .connectTimeout(registry.getConnectTimeout())
            .requestTimeout(registry.getRequestTimeout());
        if (StringUtils.hasText(registry.getUsername()) && StringUtils.hasText(registry.getBearerToken())) {
            throw new IllegalStateException("karrot.kafka.schema.registry.username and "
                    + "karrot.kafka.schema.registry.bearer-token are both set: use one way to authenticate");
        }
        if (StringUtils.hasText(registry.getUsername())) {
            String password = registry.getPassword();
            builder.basicAuth(registry.getUsername(), password != null ? password : "");
        }
        if (StringUtils.hasText(registry.getBearerToken())) {
            builder.bearerToken(registry.getBearerToken());
        }
        String bundle = registry.getSsl().getBundle();
        if (StringUtils.hasText(bundle)) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new IllegalStateException("karrot.kafka.schema.registry.ssl.bundle is set to '" + bundle
                        + "', but there are no SSL bundles (spring.ssl.bundle.*)");
            }
            try {
                builder.sslContext(bundles.getBundle(bundle).createSslContext());
            }
            catch (NoSuchSslBundleException ex) {
                InvalidConfigurationPropertyValueException invalid = new InvalidConfigurationPropertyValueException(
                        "karrot.kafka.schema.registry.ssl.bundle", bundle,
                        "there is no SSL bundle of that name (spring.ssl.bundle.*)");
                invalid.initCause(ex);
                throw invalid;
            }
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    EventSerializer karrotEventSerializer(SchemaRegistryClient registry, SchemaProperties properties,
            ObjectProvider<JsonMapper> jsonMapper) {
        Map<String, Object> config = Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, properties.isAutoRegister(),
                KarrotAvroSerdeConfig.USE_LATEST_VERSION, properties.isUseLatestVersion(),
                KarrotAvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, properties.getSubjectNameStrategy().name());
        JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build());
        return new AvroEventSerializer(registry, config).orElse(new JsonEventSerializer(mapper));
    }

    @Bean
    @ConditionalOnMissingBean
    AvroEventDeserializer karrotAvroEventDeserializer(SchemaRegistryClient registry, SchemaProperties properties) {
        return new AvroEventDeserializer(registry, properties.isSpecificReader());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "karrot.kafka.schema.registration.enabled", matchIfMissing = true)
    SchemaRegistrar karrotSchemaRegistrar(SchemaRegistryClient registry, SchemaProperties properties,
            BeanFactory beanFactory, ResourcePatternResolver resources, Environment environment) {
        List<String> packages = AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory)
                : List.of();
        ServiceSchemas schemas = new ServiceSchemas(resources, environment, properties.getSubjectNameStrategy());
        return new SchemaRegistrar(registry, () -> schemas.find(packages, properties.getRegistration().getLocations()),
                properties.getRegistration().getOnIncompatible());
    }
}
