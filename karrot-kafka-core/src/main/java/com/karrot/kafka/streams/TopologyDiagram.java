package com.karrot.kafka.streams;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;

import org.springframework.util.Assert;

/**
 * Draws a Kafka Streams topology as a <a href="https://mermaid.js.org/syntax/flowchart.html">Mermaid</a> flowchart
 * ({@code flowchart LR}) that a person reads at a glance: one subgraph per sub-topology (and per global store), with
 * source nodes as stadiums, processors as rectangles, sink nodes as flags, state stores as cylinders and global stores
 * as double-edged boxes. Topics are parallelograms outside every subgraph, one per topic, so a repartition or
 * through-topic that one sub-topology writes and another reads joins the two visibly. Processors are tied to their
 * stores by dotted lines.
 *
 * <p>Node ids are derived from names and escaped (letters and digits kept, {@code _} doubled, any other character
 * written as {@code _} and its hexadecimal code), so every name gives a distinct, valid id; labels are quoted with
 * Mermaid's entity codes for {@code "}, {@code #}, {@code <} and {@code >}. The output is deterministic: the same
 * description always gives the same text. Stateless and thread-safe.
 */
public final class TopologyDiagram {

    private static final String INDENT = "    ";

    private static final String CLASSES = """
                classDef topic fill:#fff3bf,stroke:#f08c00
                classDef source fill:#d3f9d8,stroke:#2f9e44
                classDef processor fill:#e7f5ff,stroke:#1c7ed6
                classDef sink fill:#ffe3e3,stroke:#e03131
                classDef store fill:#f3f0ff,stroke:#7048e8
                classDef globalStore fill:#e5dbff,stroke:#5f3dc4
            """;

    private final Map<String, String> topics = new LinkedHashMap<>();

    private final List<String> subgraphs = new ArrayList<>();

    private final List<String> edges = new ArrayList<>();

    private TopologyDiagram() {
    }

    /**
     * Renders a topology's description.
     * @param description what {@code Topology.describe()} returns
     * @return the Mermaid flowchart, lines separated by {@code \n}, ending with a line break
     */
    public static String mermaid(TopologyDescription description) {
        Assert.notNull(description, "description must not be null");
        TopologyDiagram diagram = new TopologyDiagram();
        Map<Integer, Runnable> subgraphs = new TreeMap<>();
        description.subtopologies()
            .forEach(subtopology -> subgraphs.put(subtopology.id(), () -> diagram.subgraph(subtopology.id(),
                    "sub-topology " + subtopology.id(), subtopology.nodes(), false)));
        description.globalStores()
            .forEach(store -> subgraphs.put(store.id(), () -> diagram.subgraph(store.id(),
                    "sub-topology " + store.id() + ": global store", Set.of(store.source(), store.processor()), true)));
        subgraphs.values().forEach(Runnable::run);
        return diagram.text();
    }

    private void subgraph(int id, String title, Set<? extends Node> nodes, boolean global) {
        StringBuilder subgraph = new StringBuilder();
        subgraph.append(INDENT).append("subgraph subtopology_").append(id).append('[').append(label(title)).append("]\n");
        Map<String, String> stores = new LinkedHashMap<>();
        for (Node node : inFlowOrder(nodes)) {
            subgraph.append(INDENT).append(INDENT).append(nodeDeclaration(node)).append('\n');
            String nodeId = id("node_", node.name());
            if (node instanceof Source source) {
                sourceTopics(source).forEach(topic -> this.edges.add(topic + " --> " + nodeId));
            }
            node.successors()
                .stream()
                .map(Node::name)
                .sorted()
                .forEach(successor -> this.edges.add(nodeId + " --> " + id("node_", successor)));
            if (node instanceof Processor processor) {
                processor.stores().stream().sorted().forEach(store -> {
                    String storeId = id("store_", store);
                    stores.put(storeId, global ? storeId + "[[" + label(store) + "]]:::globalStore"
                            : storeId + "[(" + label(store) + ")]:::store");
                    this.edges.add(nodeId + " -.- " + storeId);
                });
            }
            if (node instanceof Sink sink) {
                this.edges.add(nodeId + " --> " + sinkTopic(sink));
            }
        }
        stores.values().forEach(store -> subgraph.append(INDENT).append(INDENT).append(store).append('\n'));
        subgraph.append(INDENT).append("end\n");
        this.subgraphs.add(subgraph.toString());
    }

    private static String nodeDeclaration(Node node) {
        String id = id("node_", node.name());
        String label = label(node.name());
        if (node instanceof Source) {
            return id + "([" + label + "]):::source";
        }
        if (node instanceof Sink) {
            return id + ">" + label + "]:::sink";
        }
        return id + "[" + label + "]:::processor";
    }

    private List<String> sourceTopics(Source source) {
        if (source.topicPattern() != null) {
            return List.of(topic("pattern_", source.topicPattern().pattern(),
                    "topics matching " + source.topicPattern().pattern()));
        }
        return source.topicSet().stream().sorted().map(topic -> topic("topic_", topic, topic)).toList();
    }

    private String sinkTopic(Sink sink) {
        if (sink.topic() != null) {
            return topic("topic_", sink.topic(), sink.topic());
        }
        return topic("extractor_", sink.name(), "topic chosen at run time by " + sink.name());
    }

    private String topic(String prefix, String name, String title) {
        String id = id(prefix, name);
        this.topics.putIfAbsent(id, id + "[/" + label(title) + "/]:::topic");
        return id;
    }

    private String text() {
        StringBuilder text = new StringBuilder("flowchart LR\n");
        this.topics.values().forEach(topic -> text.append(INDENT).append(topic).append('\n'));
        this.subgraphs.forEach(text::append);
        this.edges.forEach(edge -> text.append(INDENT).append(edge).append('\n'));
        return text.append(CLASSES).toString();
    }

    /** Sources first (by name), then each node after the nodes that feed it, breadth first, siblings by name. */
    private static List<Node> inFlowOrder(Set<? extends Node> nodes) {
        Comparator<Node> byName = Comparator.comparing(Node::name);
        Set<Node> ordered = new LinkedHashSet<>();
        Deque<Node> queue = new ArrayDeque<>();
        nodes.stream().filter(node -> node.predecessors().isEmpty()).sorted(byName).forEach(queue::add);
        while (!queue.isEmpty()) {
            Node node = queue.removeFirst();
            if (ordered.add(node)) {
                node.successors().stream().sorted(byName).forEach(queue::addLast);
            }
        }
        nodes.stream().sorted(byName).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private static String id(String prefix, String name) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                id.append(c);
            }
            else if (c == '_') {
                id.append("__");
            }
            else if (c <= 0xFF) {
                id.append('_').append(String.format("%02X", (int) c));
            }
            else {
                id.append("_u").append(String.format("%04X", (int) c));
            }
        }
        return id.toString();
    }

    private static String label(String text) {
        String escaped = text.replace("#", "#35;")
            .replace("\"", "#quot;")
            .replace("<", "#lt;")
            .replace(">", "#gt;")
            .replace('\n', ' ')
            .replace('\r', ' ');
        return "\"" + escaped + "\"";
    }
}
