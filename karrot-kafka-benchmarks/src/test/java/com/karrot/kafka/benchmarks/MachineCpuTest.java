package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class MachineCpuTest {

    @Test
    void useIsWhatEachPartyAddedWithABackendThatCameMeanwhileCountedWhole() {
        MachineCpu.Snapshot start = new MachineCpu.Snapshot(1_000, 5_000, Map.of(11L, 100L, 12L, 200L),
                Map.of(21L, 300L));
        MachineCpu.Snapshot end = new MachineCpu.Snapshot(4_000, 8_500, Map.of(11L, 400L, 12L, 200L, 13L, 50L),
                Map.of(21L, 700L, 22L, 80L));

        MachineCpu.Use use = end.since(start);

        assertThat(use).isEqualTo(new MachineCpu.Use(3_000, 3_500, 350, 480));
    }

    @Test
    void brokerInThisJvmIsNotMeasuredAndNotCounted() {
        MachineCpu.Snapshot start = new MachineCpu.Snapshot(0, -1, Map.of(), Map.of());
        MachineCpu.Snapshot end = new MachineCpu.Snapshot(2_000_000, -1, Map.of(11L, 500_000L), Map.of());

        MachineCpu.Use use = end.since(start);

        assertThat(use.broker()).isEqualTo(-1);
        assertThat(use.perEvent(100)).isEqualTo("20.0 / not measured / 5.0 / 25.0 µs");
    }

    @Test
    void perEventGivesMicrosecondsOfEachPartyAndTheirTotal() {
        assertThat(new MachineCpu.Use(2_000_000, 1_000_000, 500_000, 0).perEvent(100))
            .isEqualTo("20.0 / 10.0 / 5.0 / 35.0 µs");
    }

    @Test
    void perEventGivesTheShareOfTheJitCompilersWhenTheyWorked() {
        assertThat(new MachineCpu.Use(2_000_000, 1_000_000, 500_000, 700_000).perEvent(100))
            .isEqualTo("20.0 / 10.0 / 5.0 / 35.0 µs (JIT 20 %)");
    }

    @Test
    void readsTheTimeAProcessSpends() {
        assumeThat(MachineCpu.available()).as("/proc is readable").isTrue();
        long self = ProcessHandle.current().pid();
        // this JVM stands in for the broker; a process that is gone counts nothing
        MachineCpu cpu = new MachineCpu(self, () -> List.of(self, Long.MAX_VALUE));
        MachineCpu.Snapshot start = cpu.snapshot();
        assertThat(start).isNotNull();
        assertThat(start.broker()).isPositive();
        assertThat(start.postgres()).containsEntry(Long.MAX_VALUE, 0L);

        long[] work = new long[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            long until = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < until) {
                work[0] += work[0] * 31 + 7;
            }
            return cpu.snapshot().since(start).broker() > 0;
        });

        MachineCpu.Use use = cpu.snapshot().since(start);
        assertThat(use.jvm()).isPositive();
        assertThat(use.postgres()).as("this JVM again, as a backend").isPositive();
        assertThat(use.compilers()).as("the compilers' time is part of the JVM's").isBetween(0L, use.jvm());
        if (System.getProperty("java.vm.name", "").contains("HotSpot")
                || System.getProperty("java.vm.name", "").startsWith("OpenJDK")) {
            assertThat(start.compilers()).as("HotSpot's compiler threads, of this JVM and of the 'broker' (the same)")
                .isNotEmpty();
        }
    }
}
