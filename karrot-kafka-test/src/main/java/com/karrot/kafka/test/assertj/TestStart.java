package com.karrot.kafka.test.assertj;

import com.karrot.kafka.test.SharedKafkaBroker;
import org.jspecify.annotations.Nullable;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Takes the end offsets of every topic of the current Spring test's broker when its test method starts (after its
 * {@code @BeforeEach} methods), so that topic assertions read what the test itself caused: one {@link OffsetMark}
 * per test method. Registered for every Spring test of a JVM that has the test kit. A context without
 * {@code spring.kafka.bootstrap-servers} is served by the shared broker; when that has not started yet, nothing
 * was written before the test and the assertions read from the beginning.
 */
final class TestStart implements TestExecutionListener {

    private static final ThreadLocal<@Nullable Started> CURRENT = new ThreadLocal<>();

    /**
     * The current test's broker and where its topics ended when it started, or why that could not be taken.
     * @param bootstrapServers the context's broker, {@code null} for the shared one
     */
    record Started(@Nullable String bootstrapServers, @Nullable OffsetMark mark, @Nullable RuntimeException failure) {

        /** The mark taken at the start of the test, or the reason it could not be taken. */
        OffsetMark start() {
            if (this.mark == null) {
                throw new IllegalStateException("The test kit could not take the end offsets of the topics when the test "
                        + "started (" + (this.failure != null ? this.failure.getMessage() : "no reason")
                        + "), so topic assertions do not know where to start reading: read since("
                        + "KarrotKafkaAssertions.mark()) or fromBeginning() instead", this.failure);
            }
            return this.mark;
        }
    }

    static @Nullable Started current() {
        return CURRENT.get();
    }

    @Override
    public void beforeTestExecution(TestContext testContext) {
        String servers = testContext.hasApplicationContext() ? testContext.getApplicationContext()
            .getEnvironment()
            .getProperty("spring.kafka.bootstrap-servers") : null;
        CURRENT.set(started(servers));
    }

    private static Started started(@Nullable String servers) {
        String taken = servers != null ? servers : SharedKafkaBroker.bootstrapServersIfStarted();
        if (taken == null) {
            return new Started(null, OffsetMark.beginning(), null);
        }
        try {
            return new Started(servers, OffsetMark.take(taken, null), null);
        }
        catch (RuntimeException ex) {
            return new Started(servers, null, ex);
        }
    }

    @Override
    public void afterTestExecution(TestContext testContext) {
        CURRENT.remove();
    }
}
