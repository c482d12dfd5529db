package com.karrot.kafka.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the {@link KarrotEventListener} methods of the singleton beans of a bean factory, the way Spring finds
 * {@code @EventListener} methods: by the beans' target classes, so that proxied beans are seen through and
 * called through their proxy (a {@code @Transactional} handler runs in its transaction).
 */
final class ListenerMethodScanner {

    private final ConfigurableListableBeanFactory beanFactory;

    private final ListenerRetry defaults;

    ListenerMethodScanner(ConfigurableListableBeanFactory beanFactory, ListenerRetry defaults) {
        this.beanFactory = beanFactory;
        this.defaults = defaults;
    }

    List<ListenerMethod> scan() {
        List<ListenerMethod> found = new ArrayList<>();
        for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(beanName)) {
                continue;
            }
            Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
            if (type == null || !AnnotationUtils.isCandidateClass(type, KarrotEventListener.class)) {
                continue;
            }
            Map<Method, KarrotEventListener> annotated = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<KarrotEventListener>) method -> AnnotatedElementUtils
                        .findMergedAnnotation(method, KarrotEventListener.class));
            if (annotated.isEmpty()) {
                continue;
            }
            Object bean = this.beanFactory.getBean(beanName);
            annotated.forEach((method, annotation) -> {
                String where = type.getName() + "." + method.getName();
                ListenerAttributes attributes = ListenerAttributes.of(annotation, this.beanFactory::resolveEmbeddedValue,
                        this.defaults, where);
                found.add(new ListenerMethod(bean, method, attributes));
            });
        }
        return found;
    }
}
