package com.karrot.kafka.test.assertj;

import java.time.Duration;

/** The wait between two looks of an assertion that polls (a topic's metadata, the outbox, a group's offsets). */
final class Pause {

    private Pause() {
    }

    static void pause(Duration duration, String waitingFor) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, ex);
        }
    }
}
