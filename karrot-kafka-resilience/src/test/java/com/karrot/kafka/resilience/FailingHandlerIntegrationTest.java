package com.karrot.kafka.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.karrot.kafka.resilience.ListenerFixture.Handled;
import com.karrot.kafka.resilience.ListenerService.HandlerFailure;
import com.karrot.kafka.resilience.ListenerService.PurchaseListener;
import com.karrot.kafka.test.ExternalKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.karrot.kafka.resilience.ListenerFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * (e) An idempotent {@code @KarrotEventListener} whose handler fails on 1 event in 100 (those whose {@code n} is a
 * multiple of 100): when they always fail they reach the dead-letter topic after the configured 3 attempts and the
 * other 99 % are handled once; when they fail only on their first attempt, all are handled once and none is
 * dead-lettered. Counted from the handler's table and an independent reader of the dead-letter topic.
 */
class FailingHandlerIntegrationTest {

    private static final int EVENTS = 10_000;

    private static final int FAIL_EVERY = 100;

    private static final int ACCOUNTS = 200;

    private static final int MAX_ATTEMPTS = 3;

    private static @Nullable ExternalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = ExternalKafkaBroker.start();
    }

    @AfterAll
    static void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "{0}, fails {1}")
    @CsvSource({ "PostgreSQL, always", "PostgreSQL, first-attempt", "MariaDB, always", "MariaDB, first-attempt" })
    void failingEventsAreRetriedThenDeadLetteredAndTheOthersHandledOnce(String database, String fail) throws Exception {
        boolean failAlways = fail.equals("always");
        try (ListenerFixture run = ListenerFixture.open(database, broker, 3)) {
            run.startService("--resilience.fail-every=" + FAIL_EVERY, "--resilience.fail=" + fail);
            Random random = new Random(15);
            int[] seqs = new int[ACCOUNTS];
            Map<String, Long> ids = new HashMap<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>(EVENTS);
            Instant start = Instant.now();
            for (long n = 0; n < EVENTS; n++) {
                int account = random.nextInt(ACCOUNTS);
                String key = "acct-" + account;
                String id = UUID.randomUUID().toString();
                ids.put(id, n);
                byte[] json = utf8("{\"accountId\":\"" + key + "\",\"seq\":" + (++seqs[account]) + ",\"n\":" + n + "}");
                acks.add(run.send(n, key, json, ListenerFixture.EVENT_TYPE, id));
            }
            run.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            Set<Long> failing = new HashSet<>();
            ids.values().stream().filter(n -> n % FAIL_EVERY == 0).forEach(failing::add);
            long expectedHandled = failAlways ? EVENTS - failing.size() : EVENTS;

            Duration time;
            try {
                time = run.awaitAccounted(start, Duration.ofSeconds(120), () -> run.handledCount()
                        + (failAlways ? run.deadLetters().size() : 0) >= EVENTS);
            }
            catch (ConditionTimeoutException ex) {
                time = null;
            }

            List<Handled> handled = run.handled();
            Map<String, Handled> firstHandlings = new LinkedHashMap<>();
            handled.forEach(row -> firstHandlings.putIfAbsent(row.eventId(), row));
            long duplicates = handled.size() - firstHandlings.size();
            long failingHandled = firstHandlings.keySet().stream().filter(id -> failing.contains(ids.get(id))).count();
            Set<Long> deadLettered = new HashSet<>();
            long otherCauses = 0;
            for (ConsumerRecord<String, byte[]> deadLetter : run.deadLetters()) {
                if (!deadLettered.add(Long.parseLong(ListenerFixture.header(deadLetter, ListenerFixture.N_HEADER)))) {
                    duplicates++;
                }
                if (!HandlerFailure.class.getName()
                    .equals(ListenerFixture.header(deadLetter, "kafka_dlt-exception-cause-fqcn"))) {
                    otherCauses++;
                }
            }
            long wronglyDeadLettered = deadLettered.stream().filter(n -> !failAlways || !failing.contains(n)).count();
            long lost = ids.entrySet().stream()
                .filter(event -> !firstHandlings.containsKey(event.getKey())
                        && !(failAlways && failing.contains(event.getValue()) && deadLettered.contains(event.getValue())))
                .count();
            Map<String, AtomicInteger> attempts = run.serviceBean(PurchaseListener.class).attempts;
            Map<Integer, Long> failingAttempts = ids.entrySet().stream()
                .filter(event -> failing.contains(event.getValue()))
                .collect(Collectors.groupingBy(
                        event -> attempts.getOrDefault(event.getKey(), new AtomicInteger()).get(), TreeMap::new,
                        Collectors.counting()));
            long failingWithOtherAttempts = failing.size()
                    - failingAttempts.getOrDefault(failAlways ? MAX_ATTEMPTS : 2, 0L);
            long orderViolations = ListenerFixture.orderViolations(firstHandlings.values());
            long errorLines = run.errorLines();

            ResilienceReport.row("(e) handler fails 1 in 100 events, " + (failAlways ? "always" : "on the first attempt"),
                    database, EVENTS, firstHandlings.size() + (failAlways ? deadLettered.size() : 0), lost, duplicates,
                    orderViolations, time,
                    failAlways
                            ? String.format("%d handled once (inbox); %d failing dead-lettered, max-attempts %d "
                                    + "(back-off 20 ms ×2), tried {attempts=events} %s, %d with another cause, %d "
                                    + "others dead-lettered; %d ERROR lines", firstHandlings.size(),
                                    deadLettered.size(), MAX_ATTEMPTS, failingAttempts, otherCauses,
                                    wronglyDeadLettered, errorLines)
                            : String.format("%d handled once (inbox), the %d failing ones tried {attempts=events} "
                                    + "%s; %d dead-lettered; %d ERROR lines", firstHandlings.size(), failing.size(),
                                    failingAttempts, deadLettered.size(), errorLines));

            assertThat(failing).hasSize(EVENTS / FAIL_EVERY);
            assertThat(lost).as("lost").isZero();
            assertThat(duplicates).as("duplicated").isZero();
            assertThat(orderViolations).as("order violations").isZero();
            assertThat(firstHandlings).as("handled").hasSize((int) expectedHandled);
            assertThat(failingHandled).as("failing events handled").isEqualTo(failAlways ? 0 : failing.size());
            assertThat(wronglyDeadLettered).as("dead-lettered that should not be").isZero();
            assertThat(errorLines).as("lines logged at ERROR").isZero();
            assertThat(failingWithOtherAttempts).as("failing events not tried exactly as configured, by attempts: %s",
                    failingAttempts).isZero();
            if (failAlways) {
                assertThat(deadLettered).as("dead-lettered").containsExactlyInAnyOrderElementsOf(failing);
                assertThat(otherCauses).as("dead letters with another cause").isZero();
                assertThat(run.deadLetterLogPositions()).as("dead-letter lines").hasSize(failing.size());
            }
            else {
                assertThat(run.deadLetterLogPositions()).as("dead-letter lines").isEmpty();
            }
            assertThat(time).as("time until all events were accounted for").isNotNull();
        }
    }
}
