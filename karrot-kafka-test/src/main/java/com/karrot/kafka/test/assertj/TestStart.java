package com.karrot.kafka.test.assertj;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Remembers when the current Spring test method started (after its {@code @BeforeEach} methods) and the broker of
 * its application context, so that topic assertions read what the test itself caused. Registered for every Spring
 * test of a JVM that has the test kit.
 */
final class TestStart implements TestExecutionListener {

    private static final ThreadLocal<@Nullable Started> CURRENT = new ThreadLocal<>();

    record Started(Instant at, @Nullable String bootstrapServers) {
    }

    static @Nullable Started current() {
        return CURRENT.get();
    }

    @Override
    public void beforeTestExecution(TestContext testContext) {
        String servers = testContext.hasApplicationContext() ? testContext.getApplicationContext()
            .getEnvironment()
            .getProperty("spring.kafka.bootstrap-servers") : null;
        CURRENT.set(new Started(Instant.now(), servers));
    }

    @Override
    public void afterTestExecution(TestContext testContext) {
        CURRENT.remove();
    }
}
