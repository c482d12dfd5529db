package com.karrot.kafka.autoconfigure.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import com.karrot.kafka.streams.StreamsStateHistory;
import com.karrot.kafka.streams.StreamsStateHistory.Restoration;
import com.karrot.kafka.streams.TopologyDiagram;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code kafkastreams} actuator endpoint (read only): for each Kafka Streams client, by the name of its factory
 * bean, its application id, state (since when, recent changes, last failure), the state stores it is restoring, its
 * stream threads with their active and standby tasks and their partitions (with committed and end offsets as the
 * client last knew them), its state stores, and its topology as Kafka Streams describes it and as a Mermaid diagram
 * ({@link TopologyDiagram}). A figure that is not known is {@code null}.
 */
@Endpoint(id = "kafkastreams")
public class StreamsEndpoint {

    private final Map<String, StreamsClient> clients;

    StreamsEndpoint(Map<String, StreamsClient> clients) {
        this.clients = clients;
    }

    /**
     * Every Streams client.
     * @return the clients by factory bean name
     */
    @ReadOperation
    public StreamsDescriptor clients() {
        Map<String, ClientDescriptor> clients = new LinkedHashMap<>();
        this.clients.forEach((name, client) -> clients.put(name, describe(client)));
        return new StreamsDescriptor(clients);
    }

    /**
     * One Streams client.
     * @param name the name of its factory bean
     * @return the client, or {@code null} (404) when there is no such factory bean
     */
    @ReadOperation
    public @Nullable ClientDescriptor client(@Selector String name) {
        StreamsClient client = this.clients.get(name);
        return (client != null) ? describe(client) : null;
    }

    private static ClientDescriptor describe(StreamsClient client) {
        Optional<StreamsStateHistory.Snapshot> history = client.history();
        KafkaStreams.State state = client.state(history);
        Topology topology = client.factoryBean().getTopology();
        TopologyDescription description = (topology != null) ? topology.describe() : null;
        KafkaStreams streams = client.kafkaStreams();
        List<ThreadDescriptor> threads = (streams != null) ? streams.metadataForLocalThreads()
            .stream()
            .sorted(Comparator.comparing(ThreadMetadata::threadName))
            .map(StreamsEndpoint::thread)
            .toList() : List.of();
        return new ClientDescriptor(applicationId(client), (state != null) ? state.name() : null,
                history.map(StreamsStateHistory.Snapshot::since).orElse(null),
                history.map(StreamsStateHistory.Snapshot::lastFailure).map(FailureDescriptor::of).orElse(null),
                history.map(snapshot -> snapshot.transitions()
                    .stream()
                    .map(transition -> new TransitionDescriptor(transition.from().name(), transition.to().name(),
                            transition.at()))
                    .toList()).orElse(List.of()),
                history.map(StreamsStateHistory.Snapshot::restoring).orElse(List.of()), threads,
                (description != null) ? stores(description) : List.of(),
                (description != null) ? description.toString() : null,
                (description != null) ? TopologyDiagram.mermaid(description) : null);
    }

    private static @Nullable String applicationId(StreamsClient client) {
        Properties configuration = client.factoryBean().getStreamsConfiguration();
        return (configuration != null) ? configuration.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) : null;
    }

    private static ThreadDescriptor thread(ThreadMetadata thread) {
        return new ThreadDescriptor(thread.threadName(), thread.threadState(), tasks(thread.activeTasks()),
                tasks(thread.standbyTasks()));
    }

    private static List<TaskDescriptor> tasks(Set<TaskMetadata> tasks) {
        return tasks.stream()
            .sorted(Comparator.comparing(TaskMetadata::taskId))
            .map(task -> new TaskDescriptor(task.taskId().toString(), task.topicPartitions()
                .stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .map(partition -> new PartitionDescriptor(partition.topic(), partition.partition(),
                        known(task.committedOffsets().get(partition)), known(task.endOffsets().get(partition))))
                .toList()))
            .toList();
    }

    /** Kafka Streams says -1 for an offset it does not know. */
    private static @Nullable Long known(@Nullable Long offset) {
        return (offset != null && offset >= 0) ? offset : null;
    }

    private static List<StoreDescriptor> stores(TopologyDescription description) {
        Map<String, StoreDescriptor> stores = new TreeMap<>();
        description.subtopologies()
            .forEach(subtopology -> collect(stores, subtopology.id(), false, subtopology.nodes()));
        description.globalStores()
            .forEach(store -> collect(stores, store.id(), true, Set.of(store.processor())));
        return List.copyOf(stores.values());
    }

    private static void collect(Map<String, StoreDescriptor> stores, int subtopology, boolean global,
            Set<? extends Node> nodes) {
        nodes.stream()
            .filter(Processor.class::isInstance)
            .map(Processor.class::cast)
            .sorted(Comparator.comparing(Node::name))
            .forEach(processor -> processor.stores().forEach(store -> {
                StoreDescriptor known = stores.get(store);
                List<String> processors = new ArrayList<>((known != null) ? known.processors() : List.of());
                processors.add(processor.name());
                stores.put(store, new StoreDescriptor(store, subtopology, global, List.copyOf(processors)));
            }));
    }

    /**
     * What the endpoint reports.
     * @param clients the Streams clients by the name of their factory bean
     */
    public record StreamsDescriptor(Map<String, ClientDescriptor> clients) {
    }

    /**
     * One Streams client.
     * @param applicationId its {@code application.id}
     * @param state its state; {@code null} when neither a state history nor a client tells it
     * @param since when it entered that state, from the state history
     * @param lastFailure the last exception that ended one of its stream threads
     * @param transitions its recent state changes, oldest first
     * @param restoring the state stores it is restoring, per changelog partition
     * @param threads its stream threads, by name; empty when it does not run
     * @param stores its state stores, by name
     * @param topology its topology as Kafka Streams describes it
     * @param mermaid its topology as a Mermaid flowchart
     */
    public record ClientDescriptor(@Nullable String applicationId, @Nullable String state, @Nullable Instant since,
            @Nullable FailureDescriptor lastFailure, List<TransitionDescriptor> transitions,
            List<Restoration> restoring, List<ThreadDescriptor> threads, List<StoreDescriptor> stores,
            @Nullable String topology, @Nullable String mermaid) {
    }

    /**
     * The last exception that ended a stream thread, unwrapped from Kafka Streams' own exceptions.
     * @param exception its class
     * @param message its message
     * @param at when it happened
     */
    public record FailureDescriptor(String exception, @Nullable String message, Instant at) {

        static FailureDescriptor of(StreamsStateHistory.Failure failure) {
            Throwable cause = failure.cause();
            return new FailureDescriptor(cause.getClass().getName(), cause.getMessage(), failure.at());
        }
    }

    /**
     * A state change.
     * @param from the old state
     * @param to the new state
     * @param at when
     */
    public record TransitionDescriptor(String from, String to, Instant at) {
    }

    /**
     * A stream thread.
     * @param name its name
     * @param state its state
     * @param activeTasks the tasks it processes
     * @param standbyTasks the tasks it keeps standby replicas of
     */
    public record ThreadDescriptor(String name, String state, List<TaskDescriptor> activeTasks,
            List<TaskDescriptor> standbyTasks) {
    }

    /**
     * A task.
     * @param id its id: sub-topology, underscore, partition
     * @param partitions its input partitions
     */
    public record TaskDescriptor(String id, List<PartitionDescriptor> partitions) {
    }

    /**
     * An input partition of a task.
     * @param topic the topic
     * @param partition the partition
     * @param committedOffset the offset the task last committed, if known
     * @param endOffset the partition's end offset as the client last fetched it, if known
     */
    public record PartitionDescriptor(String topic, int partition, @Nullable Long committedOffset,
            @Nullable Long endOffset) {
    }

    /**
     * A state store of the topology.
     * @param name its name
     * @param subTopology the sub-topology it belongs to
     * @param global whether it is a global store (a full copy on every instance)
     * @param processors the processors that use it, by name
     */
    public record StoreDescriptor(String name, int subTopology, boolean global, List<String> processors) {
    }
}
