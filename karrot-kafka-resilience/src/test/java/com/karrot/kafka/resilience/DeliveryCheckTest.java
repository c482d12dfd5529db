package com.karrot.kafka.resilience;

import java.util.List;
import java.util.Map;

import com.karrot.kafka.resilience.DeliveryCheck.Delivery;
import com.karrot.kafka.resilience.DeliveryCheck.Outcome;
import com.karrot.kafka.resilience.LedgerDatabase.Committed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The check's counting, on records made up by hand: a check that cannot see a loss proves nothing. */
class DeliveryCheckTest {

    private static final Map<String, Committed> LEDGER = Map.of("e1", new Committed("a", 1), "e2",
            new Committed("a", 2), "e3", new Committed("a", 3), "e4", new Committed("b", 1));

    @Test
    void everyEventOnceInOrderIsCompleteWhenTheLastOneArrives() {
        Outcome outcome = DeliveryCheck.count(List.of(delivery("e1", "a", 1, 10), delivery("e4", "b", 1, 15),
                delivery("e2", "a", 2, 20), delivery("e3", "a", 3, 30)), LEDGER, 0);

        assertThat(outcome).isEqualTo(new Outcome(4, 4, 0, 0, 0, 0, 0, 0, 30L, List.of()));
    }

    @Test
    void countsLostDuplicatedAndOutOfOrderEvents() {
        Outcome outcome = DeliveryCheck.count(List.of(delivery("e1", "a", 1, 10), delivery("e3", "a", 3, 20),
                delivery("e2", "a", 2, 30), delivery("e1", "a", 1, 40), delivery("e3", "a", 3, 50)),
                LEDGER, 0);

        assertThat(outcome.lost()).as("e4 never arrived").isEqualTo(1);
        assertThat(outcome.duplicated()).isEqualTo(2);
        assertThat(outcome.orderViolations()).as("e2 after e3").isEqualTo(1);
        assertThat(outcome.violations()).singleElement().asString().contains("e2").contains("after sequence 3");
        assertThat(outcome.completedAt()).isNull();
    }

    @Test
    void countsEventsThatWereNeverCommittedAndRecordsThatDifferFromTheLedger() {
        Outcome outcome = DeliveryCheck.count(List.of(delivery("e1", "a", 1, 10), delivery("e2", "a", 2, 20),
                delivery("e3", "a", 3, 30), delivery("e4", "c", 1, 40), delivery("rolled-back", "a", 4, 50)),
                LEDGER, 0);

        assertThat(outcome.unexpected()).isEqualTo(1);
        assertThat(outcome.mismatched()).as("e4 under another key").isEqualTo(1);
        assertThat(outcome.lost()).isZero();
    }

    private static Delivery delivery(String eventId, String key, long sequence, long arrivedAt) {
        return new Delivery(eventId, key, sequence, 0, arrivedAt, arrivedAt);
    }
}
