package com.karrot.kafka.lag;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;

/**
 * An {@link Admin} that counts the calls made on it, by name, before handing them to a real client. Each call is one
 * request to the cluster as the caller sees it; closing and metrics are not counted.
 */
final class CountingAdmin implements InvocationHandler {

    private static final Set<String> NOT_CALLS = Set.of("close", "metrics", "clientInstanceId", "registerMetricForSubscription",
            "unregisterMetricFromSubscription", "equals", "hashCode", "toString");

    private final Admin target;

    private final List<String> calls = new ArrayList<>();

    private final Admin proxy;

    CountingAdmin(Admin target) {
        this.target = target;
        this.proxy = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] { Admin.class }, this);
    }

    Admin admin() {
        return this.proxy;
    }

    /** The calls counted since the last reset, in order. */
    synchronized List<String> calls() {
        return List.copyOf(this.calls);
    }

    synchronized void reset() {
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
