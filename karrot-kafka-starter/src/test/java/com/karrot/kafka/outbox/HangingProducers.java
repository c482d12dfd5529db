package com.karrot.kafka.outbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;

/**
 * Producers that freeze for good on the n-th send, as a relay whose JVM hung in the middle of a batch, until the
 * test releases them.
 */
final class HangingProducers implements Supplier<Producer<String, byte[]>> {

    private final Supplier<Producer<String, byte[]>> real;

    private final int hangAtSend;

    private final AtomicInteger sends = new AtomicInteger();

    private final CountDownLatch hung = new CountDownLatch(1);

    private final CountDownLatch released = new CountDownLatch(1);

    HangingProducers(Supplier<Producer<String, byte[]>> real, int hangAtSend) {
        this.real = real;
        this.hangAtSend = hangAtSend;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Producer<String, byte[]> get() {
        Producer<String, byte[]> producer = this.real.get();
        return (Producer<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { Producer.class }, (proxy, method, args) -> {
                    if (method.getName().equals("send") && this.sends.incrementAndGet() == this.hangAtSend) {
                        this.hung.countDown();
                        this.released.await();
                    }
                    try {
                        return method.invoke(producer, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    boolean hung() {
        return this.hung.getCount() == 0;
    }

    void release() {
        this.released.countDown();
    }
}
