package com.karrot.kafka.test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;

/**
 * Wraps an {@link Admin} client to count the calls made on it, by name, before handing them to the client: a test
 * or a benchmark can then tell how many round trips code under test makes. Closing, metrics and telemetry are not
 * counted. Thread-safe; closing the wrapper closes the client.
 */
public final class CountingAdmin implements InvocationHandler {

    private static final Set<String> NOT_CALLS = Set.of("close", "metrics", "clientInstanceId",
            "registerMetricForSubscription", "unregisterMetricFromSubscription", "equals", "hashCode", "toString");

    private final Admin target;

    private final List<String> calls = new ArrayList<>();

    private final Admin proxy;

    /**
     * Wraps a client.
     * @param target the client the calls go to
     */
    public CountingAdmin(Admin target) {
        this.target = target;
        this.proxy = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] { Admin.class }, this);
    }

    /**
     * The client to hand to the code under test.
     * @return an {@link Admin} that counts its calls
     */
    public Admin admin() {
        return this.proxy;
    }

    /**
     * The calls made since the wrapper was created or last reset.
     * @return the names of the {@link Admin} methods called, in order
     */
    public synchronized List<String> calls() {
        return List.copyOf(this.calls);
    }

    /** Forgets the calls counted so far. */
    public synchronized void reset() {
        this.calls.clear();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (!NOT_CALLS.contains(method.getName())) {
            synchronized (this) {
                this.calls.add(method.getName());
            }
        }
        try {
            return method.invoke(this.target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }
}
