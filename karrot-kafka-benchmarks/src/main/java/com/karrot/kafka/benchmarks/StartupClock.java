package com.karrot.kafka.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Times each test class of {@link StartupTests} in the probe's JVM: how long its application context took to load
 * (the broker's start included where the context starts it), and when, counted from the JVM's start, the context
 * was ready and the class's round trip was done. Runs before Spring's own listeners, so that it is the one that
 * loads the context.
 */
final class StartupClock implements TestExecutionListener, Ordered {

    /** One test class: milliseconds of the context's load, and since the JVM started to ready and to done. */
    record Timing(String testClass, long loadMillis, long readyMillis, long doneMillis) {
    }

    private static final List<Timing> TIMINGS = new ArrayList<>();

    private long loadMillis;

    private long readyMillis;

    static synchronized List<Timing> timings() {
        return List.copyOf(TIMINGS);
    }

    @Override
    public void prepareTestInstance(TestContext testContext) {
        long start = System.nanoTime();
        testContext.getApplicationContext();
        this.loadMillis = (System.nanoTime() - start) / 1_000_000;
        this.readyMillis = sinceJvmStart();
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        synchronized (StartupClock.class) {
            TIMINGS.add(new Timing(testContext.getTestClass().getSimpleName(), this.loadMillis, this.readyMillis,
                    sinceJvmStart()));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
