package com.karrot.kafka.autoconfigure.properties;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Fails start-up, before the application context is created, when a property source sets a {@code karrot.kafka.*}
 * key that the configuration metadata on the class path does not declare: every key of the metadata's properties,
 * and every key below a map or collection property (such as {@code karrot.kafka.outbox.topics.<aggregate-type>}).
 * It also binds every set property whose metadata type is a plain class (a boolean, a number, a duration, an enum) to
 * that type, so that a value of the wrong type fails start-up naming the property even where no properties class
 * reads it, such as a switch {@code karrot.kafka.<capability>.enabled=maybe} that a condition reads as "off", or an
 * unknown {@code initialize-schema} mode. Runs after the configuration files were loaded; off with
 * {@code karrot.kafka.validate-properties=false}.
 */
class UnknownPropertyCheck implements EnvironmentPostProcessor, Ordered {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("karrot.kafka");

    private static final List<String> METADATA = List.of("META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json");

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment, application.getClassLoader());
    }

    void check(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader) {
        boolean enabled = Binder.get(environment)
            .bind(ROOT, Bindable.of(KarrotKafkaProperties.class))
            .map(KarrotKafkaProperties::isValidateProperties)
            .orElse(true);
        if (!enabled) {
            return;
        }
        Known known = Known.read(classLoader != null ? classLoader : getClass().getClassLoader());
        if (known.isEmpty()) {
            return;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(ROOT::isAncestorOf).filter(name -> !known.declares(name)).findFirst()
                    .ifPresent(name -> {
                        throw new UnknownPropertyException(name.toString(), known.nearest(name.toString()),
                                String.valueOf(source.getUnderlyingSource()));
                    });
            }
        }
        Binder binder = Binder.get(environment);
        ClassLoader loader = (classLoader != null) ? classLoader : getClass().getClassLoader();
        known.types().forEach((name, type) -> {
            Class<?> target = plainClass(type, loader);
            if (target != null) {
                // throws a BindException naming the property when the value does not convert
                binder.bind(name, Bindable.of(target));
            }
        });
    }

    /** The class of a metadata type without type arguments, boxed; null for generic types and absent classes. */
    private static @Nullable Class<?> plainClass(String type, ClassLoader classLoader) {
        if (type.isEmpty() || type.contains("<") || type.endsWith("[]")) {
            return null;
        }
        try {
            return Class.forName(type, false, classLoader);
        }
        catch (ClassNotFoundException | LinkageError ex) {
            // the capability's optional library is absent: nothing reads the property
            return null;
        }
    }

    /** The {@code karrot.kafka.*} properties the metadata declares, and those that take keys below them. */
    private record Known(List<ConfigurationPropertyName> properties, List<ConfigurationPropertyName> prefixes,
            Map<ConfigurationPropertyName, String> types) {

        static Known read(ClassLoader classLoader) {
            List<ConfigurationPropertyName> properties = new ArrayList<>();
            List<ConfigurationPropertyName> prefixes = new ArrayList<>();
            Map<ConfigurationPropertyName, String> types = new LinkedHashMap<>();
            JsonMapper json = JsonMapper.builder().build();
            for (String resource : METADATA) {
                for (URL url : resources(classLoader, resource)) {
                    try (InputStream in = url.openStream()) {
                        byte[] content = in.readAllBytes();
                        // most of the class path's metadata is Spring Boot's: parse only files that name our keys
                        if (!new String(content, StandardCharsets.UTF_8).contains("\"" + ROOT + ".")) {
                            continue;
                        }
                        for (JsonNode property : json.readTree(content).path("properties")) {
                            ConfigurationPropertyName name = ConfigurationPropertyName.of(property.path("name").asString());
                            if (ROOT.isAncestorOf(name)) {
                                String type = property.path("type").asString();
                                (takesKeys(type) ? prefixes : properties).add(name);
                                types.put(name, type);
                            }
                        }
                    }
                    catch (IOException ex) {
                        throw new IllegalStateException("Cannot read the configuration metadata " + url, ex);
                    }
                }
            }
            return new Known(properties, prefixes, types);
        }

        private static List<URL> resources(ClassLoader classLoader, String resource) {
            try {
                return Collections.list(classLoader.getResources(resource));
            }
            catch (IOException ex) {
                throw new IllegalStateException("Cannot list " + resource, ex);
            }
        }

        private static boolean takesKeys(String type) {
            return type.startsWith("java.util.Map") || type.startsWith("java.util.List") || type.startsWith("java.util.Set")
                    || type.startsWith("java.util.Collection") || type.endsWith("[]");
        }

        boolean isEmpty() {
            return this.properties.isEmpty() && this.prefixes.isEmpty();
        }

        boolean declares(ConfigurationPropertyName name) {
            return this.properties.contains(name) || this.prefixes.stream()
                .anyMatch(prefix -> prefix.equals(name) || prefix.isAncestorOf(name));
        }

        @Nullable String nearest(String name) {
            return Stream.concat(this.properties.stream(), this.prefixes.stream())
                .map(ConfigurationPropertyName::toString)
                .min(Comparator.comparingInt(known -> distance(name, known)))
                .orElse(null);
        }

        /** Levenshtein distance: the fewest single-character edits that turn one name into the other. */
        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
