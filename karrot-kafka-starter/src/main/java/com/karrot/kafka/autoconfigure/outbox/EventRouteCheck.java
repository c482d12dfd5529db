package com.karrot.kafka.autoconfigure.outbox;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.event.KarrotEvent;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Checks at start-up that every event type the service could publish has a topic, instead of failing at its first
 * publish. "Could publish" is what is decidable: a class annotated {@link EventType} in the application's packages
 * ({@link AutoConfigurationPackages}) that is not the event parameter of a {@link KarrotEventListener} method, since
 * a service that only reads an event needs no route for it. {@link KarrotEvent} implementations are left out (their
 * aggregate type is known only per instance). The route is asked of the publishers' {@code OutboxTopicResolver}, so
 * the message is the one the first publish would give.
 */
final class EventRouteCheck implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(EventRouteCheck.class);

    private final ConfigurableListableBeanFactory beanFactory;

    private final OutboxTopicResolver topics;

    private final RouteCheck mode;

    EventRouteCheck(ConfigurableListableBeanFactory beanFactory, OutboxTopicResolver topics,
            RouteCheck mode) {
        this.beanFactory = beanFactory;
        this.topics = topics;
        this.mode = mode;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.mode == RouteCheck.OFF || !AutoConfigurationPackages.has(this.beanFactory)) {
            return;
        }
        Set<Class<?>> readOnly = listenerEventClasses();
        TreeMap<String, String> unrouted = new TreeMap<>();
        for (Class<?> eventClass : eventClasses(AutoConfigurationPackages.get(this.beanFactory))) {
            if (readOnly.contains(eventClass) || KarrotEvent.class.isAssignableFrom(eventClass)) {
                continue;
            }
            EventType annotation = eventClass.getAnnotation(EventType.class);
            try {
                this.topics.topicFor(new EventDescriptor(annotation.value(), annotation.aggregateType(), "route-check",
                        annotation.topic().isEmpty() ? null : annotation.topic()));
            }
            catch (InvalidEventException ex) {
                unrouted.put(eventClass.getName(), ex.getMessage());
            }
        }
        if (unrouted.isEmpty()) {
            return;
        }
        UnroutedEventTypeException failure = new UnroutedEventTypeException(unrouted);
        if (this.mode == RouteCheck.FAIL) {
            throw failure;
        }
        logger.warn(failure.getMessage() + " (karrot.kafka.outbox.route-check=warn: publishing one of them will fail)");
    }

    private Set<Class<?>> listenerEventClasses() {
        Set<Class<?>> found = new HashSet<>();
        for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
            if (type == null || !AnnotationUtils.isCandidateClass(type, KarrotEventListener.class)) {
                continue;
            }
            MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<KarrotEventListener>) method ->
                    AnnotatedElementUtils.findMergedAnnotation(method, KarrotEventListener.class))
                .keySet()
                .stream()
                .filter(method -> method.getParameterCount() > 0)
                .map(Method::getParameterTypes)
                .forEach(parameters -> found.add(parameters[0]));
        }
        return found;
    }

    private List<Class<?>> eventClasses(List<String> packages) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(EventType.class));
        ClassLoader classLoader = this.beanFactory.getBeanClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                classes.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
            }
        }
        return classes;
    }
}
