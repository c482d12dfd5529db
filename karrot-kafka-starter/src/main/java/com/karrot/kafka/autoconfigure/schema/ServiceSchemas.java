package com.karrot.kafka.autoconfigure.schema;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.event.EventType;
import com.karrot.kafka.schema.SubjectNameStrategy;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds the schemas a service writes: the generated Avro classes annotated with {@link EventType} in the
 * application's packages, and the {@code .avsc} files at the configured locations. A file whose record has such a
 * class counts once, with the class's schema. The topic of a class is its {@code @EventType(topic)}, else
 * {@code karrot.kafka.outbox.topics.<aggregate type>}; a file without a class has no topic, so it has a subject only
 * under the record name strategy, and is skipped with a warning otherwise.
 */
final class ServiceSchemas {

    private static final Log log = LogFactory.getLog(ServiceSchemas.class);

    private final ResourcePatternResolver resources;

    private final Environment environment;

    private final SubjectNameStrategy strategy;

    ServiceSchemas(ResourcePatternResolver resources, Environment environment, SubjectNameStrategy strategy) {
        this.resources = resources;
        this.environment = environment;
        this.strategy = strategy;
    }

    List<ServiceSchema> find(List<String> packages, List<String> locations) {
        Map<String, ServiceSchema> byName = new LinkedHashMap<>();
        for (Class<?> type : eventClasses(packages)) {
            ServiceSchema schema = ofClass(type);
            if (schema != null) {
                byName.putIfAbsent(schema.schema().getFullName(), schema);
            }
        }
        for (String location : locations) {
            for (Resource resource : resources(location)) {
                Schema schema = parse(resource);
                if (byName.containsKey(schema.getFullName())) {
                    continue;
                }
                Class<?> type = SpecificData.get().getClass(schema);
                ServiceSchema found = type != null && type.isAnnotationPresent(EventType.class) ? ofClass(type)
                        : ofFile(schema, resource);
                if (found != null) {
                    byName.put(schema.getFullName(), found);
                }
            }
        }
        return List.copyOf(byName.values());
    }

    private List<Class<?>> eventClasses(List<String> packages) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
                this.environment);
        scanner.setResourceLoader(this.resources);
        scanner.addIncludeFilter(new AnnotationTypeFilter(EventType.class));
        List<Class<?>> classes = new ArrayList<>();
        for (String basePackage : packages) {
            scanner.findCandidateComponents(basePackage).forEach(candidate -> {
                Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), this.resources.getClassLoader());
                if (SpecificRecord.class.isAssignableFrom(type)) {
                    classes.add(type);
                }
            });
        }
        return classes;
    }

    private @Nullable ServiceSchema ofClass(Class<?> type) {
        EventType eventType = type.getAnnotation(EventType.class);
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        String topic = !eventType.topic().isEmpty() ? eventType.topic()
                : this.environment.getProperty("karrot.kafka.outbox.topics." + eventType.aggregateType());
        if (topic == null && this.strategy != SubjectNameStrategy.RECORD) {
            log.warn("Not registering the schema of " + type.getName() + ": no topic for aggregate type '"
                    + eventType.aggregateType() + "' (set karrot.kafka.outbox.topics." + eventType.aggregateType()
                    + " or @EventType(topic))");
            return null;
        }
        return new ServiceSchema(this.strategy.subject(topic != null ? topic : "", false, schema), schema,
                type.getName());
    }

    private @Nullable ServiceSchema ofFile(Schema schema, Resource resource) {
        if (this.strategy != SubjectNameStrategy.RECORD) {
            log.warn("Not registering " + resource.getDescription() + ": the " + this.strategy + " subject name "
                    + "strategy needs a topic, which only a generated class annotated with @EventType gives");
            return null;
        }
        return new ServiceSchema(this.strategy.subject("", false, schema), schema, resource.getDescription());
    }

    private Resource[] resources(String location) {
        try {
            return this.resources.getResources(location);
        }
        catch (FileNotFoundException ex) {
            // the pattern's root directory does not exist: no schema files there
            return new Resource[0];
        }
        catch (IOException ex) {
            throw new SchemaRegistrationException("Cannot list the Avro schemas at " + location + ": "
                    + ex.getMessage(), "Check karrot.kafka.schema.registration.locations.", ex);
        }
    }

    private static Schema parse(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new Schema.Parser().parse(in);
        }
        catch (AvroRuntimeException ex) {
            throw new SchemaRegistrationException("Malformed Avro schema in " + resource.getDescription() + ": "
                    + ex.getMessage(), "Fix the schema file, or leave it out of "
                            + "karrot.kafka.schema.registration.locations.", ex);
        }
        catch (IOException ex) {
            throw new SchemaRegistrationException("Cannot read the Avro schema in " + resource.getDescription()
                    + ": " + ex.getMessage(), "Check karrot.kafka.schema.registration.locations.", ex);
        }
    }
}
