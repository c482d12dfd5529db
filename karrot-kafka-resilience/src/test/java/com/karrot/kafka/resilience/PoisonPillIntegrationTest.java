package com.karrot.kafka.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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

import com.karrot.kafka.resilience.ListenerFixture.Handled;
import com.karrot.kafka.test.ExternalKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.karrot.kafka.resilience.ListenerFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * (d) 1,000 poison pills of eight kinds among 50,000 records that a raw producer writes to the topic of an idempotent
 * {@code @KarrotEventListener}: every good record is handled once (the handler's table), every pill reaches the
 * dead-letter topic with its original bytes (an independent consumer compares them) and a line of the listener log,
 * nothing is lost, and the order per account of what was handled is kept.
 */
class PoisonPillIntegrationTest {

    private static final int RECORDS = 50_000;

    private static final int PILL_EVERY = RECORDS / 1_000;

    private static final int ACCOUNTS = 500;

    private static @Nullable ExternalKafkaBroker broker;

    /** The kinds of poison pill, taken in turn. */
    enum Pill {

        BINARY, EMPTY, NULL_VALUE, TRUNCATED_JSON, WRONG_TYPES, NO_TYPE_HEADER, UNKNOWN_TYPE, NO_ID_HEADER;

        byte @Nullable [] value(String json, Random random) {
            return switch (this) {
                case BINARY -> {
                    byte[] bytes = new byte[64];
                    random.nextBytes(bytes);
                    bytes[0] = (byte) 0xFF;
                    yield bytes;
                }
                case EMPTY -> new byte[0];
                case NULL_VALUE -> null;
                case TRUNCATED_JSON -> Arrays.copyOf(utf8(json), json.length() / 2);
                case WRONG_TYPES -> utf8("{\"accountId\":\"acct-0\",\"seq\":\"twelve\",\"n\":[1]}");
                case NO_TYPE_HEADER, UNKNOWN_TYPE, NO_ID_HEADER -> utf8(json);
            };
        }

        @Nullable String type() {
            return switch (this) {
                case NO_TYPE_HEADER -> null;
                case UNKNOWN_TYPE -> "RES_REFUND";
                default -> ListenerFixture.EVENT_TYPE;
            };
        }
    }

    private record Sent(long n, @Nullable Pill pill, byte @Nullable [] value, Future<RecordMetadata> ack) {
    }

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PostgreSQL", "MariaDB" })
    void everyGoodRecordIsHandledOnceAndEveryPoisonPillIsDeadLetteredWithItsBytes(String database) throws Exception {
        try (ListenerFixture run = ListenerFixture.open(database, broker, 3)) {
            run.startService("--karrot.kafka.listener.inbox.mode=batch");
            Random random = new Random(14);
            int[] seqs = new int[ACCOUNTS];
            Map<String, Long> goodIds = new HashMap<>();
            List<Sent> sent = new ArrayList<>(RECORDS);
            Instant start = Instant.now();
            for (long n = 0; n < RECORDS; n++) {
                int account = random.nextInt(ACCOUNTS);
                String key = "acct-" + account;
                int seq = ++seqs[account];
                String json = "{\"accountId\":\"" + key + "\",\"seq\":" + seq + ",\"n\":" + n + "}";
                Pill pill = (n % PILL_EVERY == PILL_EVERY / 2)
                        ? Pill.values()[(int) (n / PILL_EVERY) % Pill.values().length] : null;
                byte[] value = (pill != null) ? pill.value(json, random) : utf8(json);
                String id = (pill == Pill.NO_ID_HEADER) ? null : UUID.randomUUID().toString();
                if (pill == null) {
                    goodIds.put(id, n);
                }
                sent.add(new Sent(n, pill, value,
                        run.send(n, key, value, (pill != null) ? pill.type() : ListenerFixture.EVENT_TYPE, id)));
            }
            run.flush();
            Map<Long, String> positions = new HashMap<>();
            for (Sent each : sent) {
                RecordMetadata metadata = each.ack().get();
                positions.put(each.n(), metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset());
            }
            long pills = sent.stream().filter(each -> each.pill() != null).count();

            Duration time;
            try {
                time = run.awaitAccounted(start, Duration.ofSeconds(180),
                        () -> run.handledCount() + run.deadLetters().size() >= RECORDS);
            }
            catch (ConditionTimeoutException ex) {
                time = null;
            }

            List<Handled> handled = run.handled();
            Map<String, Handled> firstHandlings = new LinkedHashMap<>();
            handled.forEach(row -> firstHandlings.putIfAbsent(row.eventId(), row));
            long handledDuplicates = handled.size() - firstHandlings.size();
            long handledPills = firstHandlings.keySet().stream().filter(id -> !goodIds.containsKey(id)).count();
            long goodLost = goodIds.keySet().stream().filter(id -> !firstHandlings.containsKey(id)).count();

            Map<Long, Sent> byN = new HashMap<>();
            sent.forEach(each -> byN.put(each.n(), each));
            Set<Long> deadLettered = new HashSet<>();
            long deadLetterDuplicates = 0;
            long goodDeadLettered = 0;
            long bytesChanged = 0;
            Map<Pill, Map<String, Integer>> causes = new EnumMap<>(Pill.class);
            for (ConsumerRecord<String, byte[]> deadLetter : run.deadLetters()) {
                Sent original = byN.get(Long.parseLong(ListenerFixture.header(deadLetter, ListenerFixture.N_HEADER)));
                if (!deadLettered.add(original.n())) {
                    deadLetterDuplicates++;
                }
                if (original.pill() == null) {
                    goodDeadLettered++;
                    continue;
                }
                if (!Arrays.equals(original.value(), deadLetter.value())) {
                    bytesChanged++;
                }
                causes.computeIfAbsent(original.pill(), pill -> new TreeMap<>())
                    .merge(String.valueOf(ListenerFixture.header(deadLetter, "kafka_dlt-exception-cause-fqcn")), 1,
                            Integer::sum);
            }
            long pillsLost = sent.stream()
                .filter(each -> each.pill() != null && !deadLettered.contains(each.n()))
                .count();
            Set<String> pillPositions = new HashSet<>();
            sent.stream().filter(each -> each.pill() != null).forEach(each -> pillPositions.add(positions.get(each.n())));
            List<String> logged = run.deadLetterLogPositions();
            long[] warnings = run.deadLetterWarnings();
            long errorLines = run.errorLines();
            long orderViolations = ListenerFixture.orderViolations(firstHandlings.values());
            long lost = goodLost + pillsLost;

            System.out.println("Resilience (d) " + database + ": dead-letter causes per kind " + causes);
            ResilienceReport.row("(d) 1,000 poison pills among 50,000 records", database, RECORDS,
                    firstHandlings.size() + deadLettered.size(), lost, handledDuplicates + deadLetterDuplicates,
                    orderViolations, time,
                    String.format("%d good handled once (inbox), %d pills of %d kinds dead-lettered, %d with bytes "
                            + "changed, %d good dead-lettered, %d pills handled; every dead letter logged "
                            + "(%d at WARN reporting %d held back at DEBUG, one WARN per 10 s); %d ERROR lines; "
                            + "batched inbox",
                            firstHandlings.size() - handledPills, deadLettered.size(), Pill.values().length,
                            bytesChanged, goodDeadLettered, handledPills, warnings[0], warnings[1], errorLines));

            assertThat(pills).isEqualTo(1_000);
            assertThat(lost).as("lost").isZero();
            assertThat(handledDuplicates).as("handled twice").isZero();
            assertThat(deadLetterDuplicates).as("dead-lettered twice").isZero();
            assertThat(orderViolations).as("order violations").isZero();
            assertThat(handledPills).as("pills handled").isZero();
            assertThat(goodDeadLettered).as("good records dead-lettered").isZero();
            assertThat(bytesChanged).as("dead letters whose bytes differ from the record's").isZero();
            assertThat(causes).as("every kind dead-lettered").hasSize(Pill.values().length);
            assertThat(logged).as("positions named by dead-letter lines").hasSize(pillPositions.size())
                .containsExactlyInAnyOrderElementsOf(pillPositions);
            assertThat(warnings[0]).as("dead-letter lines at WARN").isPositive();
            assertThat(errorLines).as("lines logged at ERROR").isZero();
            assertThat(time).as("time until all records were accounted for").isNotNull();
        }
    }
}
