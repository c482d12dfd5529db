package com.karrot.kafka.listener.dlq;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The dead-letter topics of the application's listeners: counts, pages of dead letters, and their replay to the
 * topics they failed on. Reads with plain consumers assigned to partitions (no consumer group, nothing committed),
 * up to the end offsets captured when a call starts; each call ends at the timeout, and says when it stopped short.
 * Only the dead-letter topics the {@code topics} supplier names are read or replayed.
 * <p>
 * A replay sends each matching dead letter to the topic of its {@code kafka_dlt-original-topic} header (one of
 * the dead-letter topic's source topics, else it is left alone), to the partition of
 * {@code kafka_dlt-original-partition}, with its key, value and headers, without the {@code kafka_dlt-*}
 * headers and with {@link #REPLAY_ID_HEADER}, {@link #REPLAY_SOURCE_HEADER} and {@link #REPLAY_GROUP_HEADER}, so
 * that only the group that dead-lettered it handles it again, where several groups read the topic. Once acknowledged,
 * it is recorded in the replay log topic, and later replays skip it, as they skip another dead letter of the same
 * record and group. The replay log is written after the send, so a crash
 * between the two sends that dead letter again on the next replay: idempotent listeners skip the copy.
 * Replays of one instance run one at a time; replays run at the same moment on two instances may both send a dead
 * letter. Thread-safe; opens its clients per call, so it holds no connection between calls.
 */
public final class DeadLetterQueue {

    /** Prefix of the headers a replay adds; a replayed record's earlier ones are replaced. */
    public static final String REPLAY_HEADER_PREFIX = "karrot_replay_";

    /** Header of a replayed record: the id of the replay that sent it. */
    public static final String REPLAY_ID_HEADER = REPLAY_HEADER_PREFIX + "id";

    /** Header of a replayed record: the dead letter it came from, {@code <dead-letter topic>-<partition>@<offset>}. */
    public static final String REPLAY_SOURCE_HEADER = REPLAY_HEADER_PREFIX + "source";

    /**
     * Header of a replayed record: the consumer group that dead-lettered it, from its
     * {@code kafka_dlt-original-consumer-group} header; listeners of other groups skip the record.
     */
    public static final String REPLAY_GROUP_HEADER = REPLAY_HEADER_PREFIX + "group";

    /** The default replay log topic. */
    public static final String DEFAULT_REPLAY_LOG_TOPIC = "karrot.dlq.replays";

    private final Builder settings;

    private final ReplayLog replayLog;

    private DeadLetterQueue(Builder settings) {
        this.settings = settings;
        this.replayLog = new ReplayLog(settings.replayLogTopic, settings.adminConfig);
    }

    /**
     * Starts a builder.
     * @param consumerConfig the application's consumer configuration (connection, security); group, client id and
     * deserializers are replaced
     * @param producerConfig the application's producer configuration; replays are sent with {@code acks=all},
     * idempotence and no transaction
     * @param adminConfig the application's admin configuration, with which the replay log topic is created
     * @param topics the dead-letter topics, each with its source topics; asked at every call
     * @return the builder
     */
    public static Builder builder(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
            Map<String, Object> adminConfig, Supplier<Map<String, Set<String>>> topics) {
        return new Builder(consumerConfig, producerConfig, adminConfig, topics);
    }

    /**
     * Every dead-letter topic with its offsets and how many of its dead letters were replayed.
     * @return one summary per dead-letter topic
     */
    public List<TopicSummary> topics() {
        Map<String, Set<String>> topics = this.settings.topics.get();
        List<TopicSummary> summaries = new ArrayList<>();
        if (topics.isEmpty()) {
            return summaries;
        }
        try (TopicReader reader = reader()) {
            ReplayLog.Entries log = this.replayLog.read(reader);
            topics.forEach((topic, sources) -> {
                List<PartitionOffsets> offsets = reader.offsets(topic);
                long records = offsets.stream().mapToLong(p -> p.endOffset() - p.startOffset()).sum();
                summaries.add(new TopicSummary(topic, Set.copyOf(sources), !offsets.isEmpty(), offsets, records,
                        log.replayed(topic, offsets), log.complete()));
            });
        }
        return summaries;
    }

    /**
     * One page of the dead letters of a topic that match a filter, in partition and offset order.
     * @param topic a dead-letter topic
     * @param filter which dead letters
     * @param page the page, from 0
     * @param size the page size, positive
     * @return the page, empty when the topic is not a dead-letter topic of the application
     */
    public Optional<Page> read(String topic, DeadLetterFilter filter, int page, int size) {
        Assert.notNull(filter, "filter must not be null");
        Assert.isTrue(page >= 0, () -> "page must not be negative, was " + page);
        Assert.isTrue(size > 0, () -> "size must be positive, was " + size);
        if (!this.settings.topics.get().containsKey(topic)) {
            return Optional.empty();
        }
        long first = (long) page * size;
        List<DeadLetter> deadLetters = new ArrayList<>();
        long[] matched = { 0 };
        try (TopicReader reader = reader()) {
            ReplayLog.Entries log = this.replayLog.read(reader);
            boolean complete = reader.read(topic, reader.offsets(topic), record -> {
                DeadLetter deadLetter = DeadLetter.of(record, log.contains(topic, record.partition(), record.offset()));
                if (filter.matches(deadLetter)) {
                    if (matched[0] >= first && deadLetters.size() < size) {
                        deadLetters.add(deadLetter);
                    }
                    matched[0]++;
                }
                return true;
            });
            return Optional.of(new Page(topic, page, size, matched[0], complete && log.complete(), deadLetters));
        }
    }

    /**
     * Replays the dead letters of a topic that match a filter and were not replayed yet, or only counts them.
     * @param topic a dead-letter topic
     * @param filter which dead letters
     * @param dryRun whether to count only
     * @return what was (or would be) replayed, empty when the topic is not a dead-letter topic of the application
     */
    public synchronized Optional<ReplayResult> replay(String topic, DeadLetterFilter filter, boolean dryRun) {
        Assert.notNull(filter, "filter must not be null");
        Set<String> sources = this.settings.topics.get().get(topic);
        if (sources == null) {
            return Optional.empty();
        }
        String replayId = UUID.randomUUID().toString();
        try (TopicReader reader = reader()) {
            ReplayLog.Entries log = this.replayLog.read(reader);
            if (!log.complete()) {
                return Optional.of(new ReplayResult(topic, null, dryRun, 0, 0, 0, 0, 0, false,
                        "the replay log " + this.settings.replayLogTopic + " could not be read within "
                                + this.settings.timeout + ", so nothing was replayed"));
            }
            if (!dryRun) {
                this.replayLog.create(reader.remaining());
            }
            Tally tally = new Tally();
            try (ReplaySender sender = dryRun ? null
                    : new ReplaySender(this.settings.producerConfig, this.replayLog, replayId, reader, this.settings.clock)) {
                boolean read = reader.read(topic, reader.offsets(topic), record -> {
                    DeadLetter deadLetter = DeadLetter.of(record, log.contains(topic, record.partition(), record.offset()));
                    return tally.count(deadLetter, filter, sources, log, sender);
                });
                if (sender == null) {
                    return Optional.of(new ReplayResult(topic, null, true, tally.matched, tally.alreadyReplayed,
                            tally.unroutable, tally.toReplay, 0, read, null));
                }
                boolean settled = sender.settle();
                return Optional.of(new ReplayResult(topic, replayId, false, tally.matched, tally.alreadyReplayed,
                        tally.unroutable, tally.toReplay, sender.replayed(), read && settled, sender.error()));
            }
        }
    }

    private TopicReader reader() {
        return new TopicReader(this.settings.consumerConfig, this.settings.timeout);
    }

    /** Counts of a replay, updated as the dead-letter topic is read. */
    private static final class Tally {

        private long matched;

        private long alreadyReplayed;

        private long unroutable;

        private long toReplay;

        private final Set<String> origins = new HashSet<>();

        /** @return whether to go on reading */
        boolean count(DeadLetter deadLetter, DeadLetterFilter filter, Set<String> sources, ReplayLog.Entries log,
                @Nullable ReplaySender sender) {
            if (!filter.matches(deadLetter)) {
                return true;
            }
            this.matched++;
            String originalTopic = deadLetter.originalTopic();
            String origin = ReplayLog.originKey(deadLetter);
            if (deadLetter.replayed() || origin != null && (log.containsOrigin(origin) || !this.origins.add(origin))) {
                this.alreadyReplayed++;
                return true;
            }
            if (originalTopic == null || !sources.contains(originalTopic)) {
                this.unroutable++;
                return true;
            }
            this.toReplay++;
            return sender == null || sender.send(deadLetter, originalTopic);
        }
    }

    /**
     * Offsets of one partition.
     * @param partition the partition number
     * @param startOffset the first offset still in the log
     * @param endOffset the offset the next record will get
     */
    public record PartitionOffsets(int partition, long startOffset, long endOffset) {
    }

    /**
     * A dead-letter topic.
     * @param topic its name
     * @param sourceTopics the topics whose dead letters it takes
     * @param exists whether the cluster has it
     * @param partitions its partitions' offsets
     * @param records end offset minus start offset, summed over the partitions: the number of dead letters, since
     * dead-letter topics are neither compacted nor written in transactions; an upper bound for a topic that is
     * @param replayed how many of the dead letters within those offsets the replay log records as replayed
     * @param complete whether the replay log was read to its end, so that {@code replayed} is exact
     */
    public record TopicSummary(String topic, Set<String> sourceTopics, boolean exists, List<PartitionOffsets> partitions,
            long records, long replayed, boolean complete) {
    }

    /**
     * A page of dead letters.
     * @param topic the dead-letter topic
     * @param page the page, from 0
     * @param size the page size
     * @param matched how many dead letters of the topic match the filter, on all pages
     * @param complete whether the topic and the replay log were read to their end within the timeout; when not,
     * {@code matched} counts only what was read
     * @param deadLetters the dead letters of the page
     */
    public record Page(String topic, int page, int size, long matched, boolean complete, List<DeadLetter> deadLetters) {
    }

    /**
     * What a replay did, or would do when it is a dry run.
     * @param topic the dead-letter topic
     * @param replayId the id of this replay, the value of {@link #REPLAY_ID_HEADER} of the records it sent;
     * {@code null} when nothing was sent
     * @param dryRun whether it only counted
     * @param matched dead letters that match the filter
     * @param alreadyReplayed of those, the ones a replay sent before, and further dead letters of a record its group
     * dead-lettered more than once, skipped
     * @param unroutable of those, the ones without an original topic among the source topics, skipped
     * @param toReplay of those, the ones to send back
     * @param replayed of those, the ones sent back and acknowledged; 0 in a dry run
     * @param complete whether the topic was read to its end and every send was acknowledged; run the replay again
     * when not, it sends only what is left
     * @param error the first failure, or {@code null}
     */
    public record ReplayResult(String topic, @Nullable String replayId, boolean dryRun, long matched, long alreadyReplayed,
            long unroutable, long toReplay, long replayed, boolean complete, @Nullable String error) {
    }

    /** Settings of a {@link DeadLetterQueue}; every one but those of {@link #builder} is optional. */
    public static final class Builder {

        private final Map<String, Object> consumerConfig;

        private final Map<String, Object> producerConfig;

        private final Map<String, Object> adminConfig;

        private final Supplier<Map<String, Set<String>>> topics;

        private String replayLogTopic = DEFAULT_REPLAY_LOG_TOPIC;

        private Duration timeout = Duration.ofSeconds(30);

        private Clock clock = Clock.systemUTC();

        private Builder(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
                Map<String, Object> adminConfig, Supplier<Map<String, Set<String>>> topics) {
            Assert.notNull(consumerConfig, "consumerConfig must not be null");
            Assert.notNull(producerConfig, "producerConfig must not be null");
            Assert.notNull(adminConfig, "adminConfig must not be null");
            Assert.notNull(topics, "topics must not be null");
            this.consumerConfig = Map.copyOf(consumerConfig);
            this.producerConfig = Map.copyOf(producerConfig);
            this.adminConfig = Map.copyOf(adminConfig);
            this.topics = topics;
        }

        /**
         * The compacted topic that records replayed dead letters, created on the first replay;
         * {@value DeadLetterQueue#DEFAULT_REPLAY_LOG_TOPIC} by default. Share it between the instances of a service.
         * @param topic the topic name
         * @return this builder
         */
        public Builder replayLogTopic(String topic) {
            Assert.hasText(topic, "replayLogTopic must not be empty");
            this.replayLogTopic = topic;
            return this;
        }

        /**
         * Longest time one call reads and sends; 30 seconds by default.
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
            this.timeout = timeout;
            return this;
        }

        /**
         * The clock of the replay log's entries; the system's UTC clock by default.
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            Assert.notNull(clock, "clock must not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Builds the dead-letter queue.
         * @return the dead-letter queue
         */
        public DeadLetterQueue build() {
            return new DeadLetterQueue(this);
        }
    }
}
