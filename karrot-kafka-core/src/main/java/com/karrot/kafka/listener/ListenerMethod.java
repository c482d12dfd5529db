package com.karrot.kafka.listener;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.karrot.kafka.event.EventDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.annotation.Validated;

/**
 * One {@link KarrotEventListener} method of one bean: its signature checked once at start-up, then invoked for
 * each record of its event types. An event parameter of type {@code byte[]} or {@code String} takes the record value
 * as it is (as UTF-8 text); any other type, Jackson's {@code JsonNode} included, is read by the deserializers.
 * Thread-safe.
 */
final class ListenerMethod {

    private enum Parameter { EVENT, METADATA, RECORD }

    private static final String SIGNATURE = "Declare it as void on(TheEvent event), optionally followed by "
            + "EventMetadata and ConsumerRecord<String, byte[]> parameters in any order.";

    private final Object bean;

    private final Method method;

    private final String description;

    private final Class<?> eventClass;

    private final Parameter[] parameters;

    private final boolean validated;

    private final List<String> eventTypes;

    private final ListenerAttributes attributes;

    ListenerMethod(Object bean, Method method, ListenerAttributes attributes) {
        this.description = method.getDeclaringClass().getName() + "." + method.getName() + Arrays.stream(
                method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
        if (method.getParameterCount() == 0 || method.getReturnType() != void.class) {
            throw invalid("must return void and take the event as its first parameter", SIGNATURE);
        }
        this.bean = bean;
        this.method = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(this.method);
        this.eventClass = method.getParameterTypes()[0];
        this.parameters = new Parameter[method.getParameterCount()];
        this.parameters[0] = Parameter.EVENT;
        for (int i = 1; i < this.parameters.length; i++) {
            this.parameters[i] = extraParameter(method, i);
        }
        this.validated = Arrays.stream(method.getParameterAnnotations()[0]).anyMatch(ListenerMethod::asksForValidation);
        this.attributes = attributes;
        this.eventTypes = eventTypes(attributes, this.eventClass);
    }

    private Parameter extraParameter(Method method, int index) {
        Class<?> type = method.getParameterTypes()[index];
        if (type == EventMetadata.class) {
            return Parameter.METADATA;
        }
        if (type == ConsumerRecord.class) {
            ResolvableType record = ResolvableType.forMethodParameter(method, index);
            Class<?> key = record.getGeneric(0).resolve();
            Class<?> value = record.getGeneric(1).resolve();
            if ((key == null || key == String.class) && (value == null || value == byte[].class)) {
                return Parameter.RECORD;
            }
        }
        throw invalid("has parameter " + (index + 1) + " of type " + type.getSimpleName()
                + "; after the event only EventMetadata and ConsumerRecord<String, byte[]> are supported", SIGNATURE);
    }

    private List<String> eventTypes(ListenerAttributes attributes, Class<?> eventClass) {
        if (!attributes.eventTypes().isEmpty()) {
            return attributes.eventTypes();
        }
        if (takesRawValue()) {
            throw invalid("takes the record value as " + eventClass.getSimpleName() + ", which has no event type",
                    "Name the event types it takes with @KarrotEventListener(eventTypes = ...).");
        }
        String declared = EventDescriptor.declaredEventType(eventClass);
        if (declared == null || declared.isBlank()) {
            throw invalid("takes " + eventClass.getName() + ", which has no @EventType", "Annotate "
                    + eventClass.getSimpleName() + " with @EventType, or name its types with "
                    + "@KarrotEventListener(eventTypes = ...).");
        }
        return List.of(declared);
    }

    private static boolean asksForValidation(Annotation annotation) {
        return annotation instanceof Validated || annotation.annotationType().getName().equals("jakarta.validation.Valid");
    }

    private ListenerDefinitionException invalid(String problem, String action) {
        return new ListenerDefinitionException("@KarrotEventListener method " + this.description + " " + problem, action,
                null);
    }

    /** Whether the method takes the record value itself, as bytes or text, rather than an event read from it. */
    boolean takesRawValue() {
        return this.eventClass == byte[].class || this.eventClass == String.class;
    }

    /** The record value as the method takes it when it {@link #takesRawValue() takes it raw}. */
    Object rawValue(byte[] value) {
        return this.eventClass == String.class ? new String(value, StandardCharsets.UTF_8) : value;
    }

    void invoke(Object event, ConsumerRecord<String, byte[]> record) {
        Object[] arguments = new Object[this.parameters.length];
        EventMetadata metadata = null;
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = switch (this.parameters[i]) {
                case EVENT -> event;
                case RECORD -> record;
                case METADATA -> metadata != null ? metadata : (metadata = EventMetadata.of(record));
            };
        }
        try {
            this.method.invoke(this.bean, arguments);
        }
        catch (InvocationTargetException ex) {
            Throwable target = ex.getTargetException();
            if (target instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (target instanceof Error error) {
                throw error;
            }
            // the cause stays in the chain, where the retry classification and the dead-letter headers find it
            throw new UndeclaredThrowableException(target, this.description + " threw " + target);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException("Cannot call " + this.description, ex);
        }
    }

    /** Whether this method declares the failure (or one of its causes) as not worth a retry. */
    boolean isNonRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Exception> type : this.attributes.nonRetryable()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    Class<?> eventClass() {
        return this.eventClass;
    }

    List<String> eventTypes() {
        return this.eventTypes;
    }

    boolean validated() {
        return this.validated;
    }

    ListenerAttributes attributes() {
        return this.attributes;
    }

    @Override
    public String toString() {
        return this.description;
    }
}
