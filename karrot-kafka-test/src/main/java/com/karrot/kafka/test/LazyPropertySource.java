package com.karrot.kafka.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * Properties whose values are computed when first read, then kept: the address of a broker that is still starting
 * while the application context starts, as {@code @DynamicPropertySource} does for a test's own suppliers. The
 * names are known from the start, so binding and conditions see them without reading them.
 */
final class LazyPropertySource extends EnumerablePropertySource<Map<String, Supplier<String>>> {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    LazyPropertySource(String name, Map<String, Supplier<String>> suppliers) {
        super(name, Map.copyOf(suppliers));
    }

    @Override
    public String[] getPropertyNames() {
        return getSource().keySet().toArray(String[]::new);
    }

    @Override
    public @Nullable Object getProperty(String name) {
        Supplier<String> supplier = getSource().get(name);
        return (supplier != null) ? this.values.computeIfAbsent(name, key -> supplier.get()) : null;
    }

    @Override
    public boolean containsProperty(String name) {
        return getSource().containsKey(name);
    }
}
