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
        Outcome outcome = DeliveryCheck.count(List.of(new Delivery("e1", "a", 1, 10), new Delivery("e4", "b", 1, 15),
                new Delivery("e2", "a", 2, 20), new Delivery("e3", "a", 3, 30)), LEDGER);

        assertThat(outcome).isEqualTo(new Outcome(4, 4, 0, 0, 0, 0, 0, 30L));
    }

    @Test
    void countsLostDuplicatedAndOutOfOrderEvents() {
        Outcome outcome = DeliveryCheck.count(List.of(new Delivery("e1", "a", 1, 10), new Delivery("e3", "a", 3, 20),
                new Delivery("e2", "a", 2, 30), new Delivery("e1", "a", 1, 40), new Delivery("e3", "a", 3, 50)),
                LEDGER);

        assertThat(outcome.lost()).as("e4 never arrived").isEqualTo(1);
        assertThat(outcome.duplicated()).isEqualTo(2);
        assertThat(outcome.orderViolations()).as("e2 after e3").isEqualTo(1);
        assertThat(outcome.completedAt()).isNull();
    }

    @Test
    void countsEventsThatWereNeverCommittedAndRecordsThatDifferFromTheLedger() {
        Outcome outcome = DeliveryCheck.count(List.of(new Delivery("e1", "a", 1, 10), new Delivery("e2", "a", 2, 20),
                new Delivery("e3", "a", 3, 30), new Delivery("e4", "c", 1, 40), new Delivery("rolled-back", "a", 4, 50)),
                LEDGER);

        assertThat(outcome.unexpected()).isEqualTo(1);
        assertThat(outcome.mismatched()).as("e4 under another key").isEqualTo(1);
        assertThat(outcome.lost()).isZero();
    }
}
