package com.karrot.kafka.test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BackgroundStartTest {

    @Test
    void startedValueIsHandedToEveryCaller() {
        BackgroundStart<String> start = BackgroundStart.begin("the test broker", "test-start", () -> "127.0.0.1:9092");

        assertThat(start.await(Duration.ofSeconds(10))).isEqualTo("127.0.0.1:9092");
        assertThat(start.await(Duration.ofSeconds(10))).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void failureToStartIsThrownWithItsCauseToEveryCaller() {
        IllegalStateException bindFailure = new IllegalStateException("Address already in use");
        BackgroundStart<String> start = BackgroundStart.begin("the test broker", "test-start", () -> {
            throw bindFailure;
        });

        for (int i = 0; i < 2; i++) {
            assertThatIllegalStateException().isThrownBy(() -> start.await(Duration.ofSeconds(10)))
                .withMessage("The test broker failed to start: java.lang.IllegalStateException: Address already in use")
                .withCause(bindFailure);
        }
    }

    @Test
    void startThatHangsIsGivenUpAtTheTimeout() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundStart<String> start = BackgroundStart.begin("the test broker", "test-start", () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return "late";
        });
        try {
            long begin = System.nanoTime();
            assertThatIllegalStateException().isThrownBy(() -> start.await(Duration.ofMillis(200)))
                .withMessage("The test broker did not start within PT0.2S");
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        }
        finally {
            release.countDown();
        }
    }
}
