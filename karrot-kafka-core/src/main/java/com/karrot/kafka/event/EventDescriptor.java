package com.karrot.kafka.event;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What the library needs to know of one event instance: its type, aggregate and, when the event names one,
 * its topic. Read from {@link KarrotEvent} or from the {@link EventType} / {@link AggregateId} annotations.
 *
 * @param eventType the event type, for example {@code ITEM_SOLD}
 * @param aggregateType the aggregate type, for example {@code item}
 * @param aggregateId the aggregate id, the record key
 * @param topic the topic named on the event's {@link EventType}, or {@code null} to route by aggregate type
 */
public record EventDescriptor(String eventType, String aggregateType, String aggregateId, @Nullable String topic) {

    private static final ClassValue<Function<Object, EventDescriptor>> READERS = new ClassValue<>() {
        @Override
        protected Function<Object, EventDescriptor> computeValue(Class<?> type) {
            return readerFor(type);
        }
    };

    /**
     * Describes an event.
     * @param event an instance of {@link KarrotEvent} or of a class annotated with {@link EventType}
     * @return its descriptor
     * @throws InvalidEventException when the event is neither, or gives an empty type, aggregate type or id
     */
    public static EventDescriptor of(Object event) {
        if (event == null) {
            throw new InvalidEventException("event must not be null");
        }
        EventDescriptor descriptor = READERS.get(event.getClass()).apply(event);
        require(descriptor.eventType(), "event type", event);
        require(descriptor.aggregateType(), "aggregate type", event);
        require(descriptor.aggregateId(), "aggregate id", event);
        return descriptor;
    }

    /**
     * The event type declared on a class, without an instance; used to map incoming {@code ce_type} headers
     * to listener parameter types.
     * @param type an event class
     * @return the type from its {@link EventType} annotation, or {@code null} when it has none
     */
    public static @Nullable String declaredEventType(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        return annotation != null ? annotation.value() : null;
    }

    private static void require(String value, String what, Object event) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(what + " of " + event.getClass().getName() + " must not be empty");
        }
    }

    private static Function<Object, EventDescriptor> readerFor(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (KarrotEvent.class.isAssignableFrom(type)) {
            @Nullable String topic = annotation != null && !annotation.topic().isEmpty() ? annotation.topic() : null;
            return event -> {
                KarrotEvent e = (KarrotEvent) event;
                return new EventDescriptor(e.eventType(), e.aggregateType(), e.aggregateId(), topic);
            };
        }
        if (annotation == null) {
            return event -> {
                throw new InvalidEventException(type.getName() + " is not an event: implement "
                        + KarrotEvent.class.getName() + " or annotate it with @" + EventType.class.getSimpleName());
            };
        }
        Function<Object, @Nullable Object> idReader = aggregateIdReader(type);
        @Nullable String topic = annotation.topic().isEmpty() ? null : annotation.topic();
        return event -> {
            Object id = idReader.apply(event);
            return new EventDescriptor(annotation.value(), annotation.aggregateType(),
                    id != null ? id.toString() : "", topic);
        };
    }

    private static Function<Object, @Nullable Object> aggregateIdReader(Class<?> type) {
        List<AccessibleObject> candidates = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.isAnnotationPresent(AggregateId.class)) {
                    candidates.add(component.getAccessor());
                }
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(AggregateId.class) && !type.isRecord()) {
                    candidates.add(field);
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(AggregateId.class) && method.getParameterCount() == 0
                        && !candidates.contains(method)) {
                    candidates.add(method);
                }
            }
        }
        if (candidates.size() != 1) {
            return event -> {
                throw new InvalidEventException(type.getName() + " must have exactly one @"
                        + AggregateId.class.getSimpleName() + " component, field or no-argument method, found "
                        + candidates.size());
            };
        }
        AccessibleObject member = candidates.get(0);
        member.trySetAccessible();
        return event -> {
            try {
                return member instanceof Field f ? f.get(event) : ((Method) member).invoke(event);
            }
            catch (IllegalAccessException | InvocationTargetException ex) {
                throw new InvalidEventException("cannot read the aggregate id of " + type.getName(), ex);
            }
        };
    }
}
