package com.karrot.kafka.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The listener methods that read the same topics in the same consumer group, and so share one listener
 * container: one consumer per partition, records of each partition handled one after the other whatever
 * their event type, each by the method of its type.
 */
final class ListenerGroup {

    private final String id;

    private final String groupId;

    private final List<String> topics;

    private final @Nullable Integer concurrency;

    private final Function<String, String> deadLetterTopics;

    private final Map<String, ListenerMethod> methods;

    private final @Nullable ListenerRetry nonBlockingRetry;

    private final List<ListenerMethod> members;

    private final @Nullable InboxMode inboxMode;

    private ListenerGroup(String id, String groupId, List<String> topics, @Nullable Integer concurrency,
            Function<String, String> deadLetterTopics, Map<String, ListenerMethod> methods,
            @Nullable ListenerRetry nonBlockingRetry, List<ListenerMethod> members, @Nullable InboxMode inboxMode) {
        this.id = id;
        this.groupId = groupId;
        this.topics = topics;
        this.concurrency = concurrency;
        this.deadLetterTopics = deadLetterTopics;
        this.methods = methods;
        this.nonBlockingRetry = nonBlockingRetry;
        this.members = members;
        this.inboxMode = inboxMode;
    }

    /**
     * Groups methods by consumer group and topics, and checks that they agree on what their container needs.
     * @throws ListenerDefinitionException naming the methods that conflict
     */
    static List<ListenerGroup> of(List<ListenerMethod> methods, @Nullable String defaultGroupId,
            @Nullable Integer defaultConcurrency, String deadLetterSuffix) {
        Map<List<String>, List<ListenerMethod>> byContainer = new LinkedHashMap<>();
        Map<String, List<String>> topicsOfGroupTopic = new LinkedHashMap<>();
        for (ListenerMethod method : methods) {
            String groupId = method.attributes().groupId() != null ? method.attributes().groupId() : defaultGroupId;
            if (groupId == null || groupId.isBlank()) {
                throw new ListenerDefinitionException("@KarrotEventListener method " + method + " has no consumer group",
                        "Set its groupId, spring.kafka.consumer.group-id or spring.application.name.", null);
            }
            List<String> key = new ArrayList<>(method.attributes().topics());
            key.add(0, groupId);
            for (String topic : method.attributes().topics()) {
                List<String> previous = topicsOfGroupTopic.putIfAbsent(groupId + "\u0000" + topic, key);
                if (previous != null && !previous.equals(key)) {
                    throw new ListenerDefinitionException("Topic " + topic + " is read in group " + groupId + " by listeners "
                            + "of different topic lists " + previous.subList(1, previous.size()) + " and "
                            + method.attributes().topics() + " (" + method + ")",
                            "Give the listeners of a topic in one group the same topics, or different groups.", null);
                }
            }
            byContainer.computeIfAbsent(List.copyOf(key), k -> new ArrayList<>()).add(method);
        }
        return byContainer.entrySet().stream().map(entry -> create(entry.getKey().get(0),
                entry.getKey().subList(1, entry.getKey().size()), entry.getValue(), defaultConcurrency, deadLetterSuffix))
            .toList();
    }

    private static ListenerGroup create(String groupId, List<String> topics, List<ListenerMethod> members,
            @Nullable Integer defaultConcurrency, String deadLetterSuffix) {
        String id = agreed(members, "id", a -> a.id());
        Integer concurrency = agreed(members, "concurrency", a -> a.concurrency());
        String deadLetterTopic = agreed(members, "deadLetterTopic", a -> a.deadLetterTopic());
        // retry topics and their back-offs belong to the container, not to an event type
        ListenerRetry nonBlockingRetry = agreed(members, "retryMode", a -> a.retryMode()) == RetryMode.NON_BLOCKING
                ? agreed(members, "retry settings in non-blocking mode", a -> a.retry()) : null;
        InboxMode inboxMode = agreed(members, "inboxMode", a -> a.inboxMode() != InboxMode.INHERIT ? a.inboxMode() : null);
        Map<String, ListenerMethod> byType = new LinkedHashMap<>();
        for (ListenerMethod method : members) {
            for (String type : method.eventTypes()) {
                ListenerMethod other = byType.putIfAbsent(type, method);
                if (other != null) {
                    throw new ListenerDefinitionException("Event type " + type + " of topics " + topics + " in group "
                            + groupId + " has two @KarrotEventListener methods, " + other + " and " + method,
                            "Keep one method per event type in a group, or read it in another group.", null);
                }
            }
        }
        return new ListenerGroup(id != null ? id : groupId + "-" + String.join("-", topics), groupId, topics,
                concurrency != null ? concurrency : defaultConcurrency,
                deadLetterTopic != null ? topic -> deadLetterTopic : topic -> topic + deadLetterSuffix, Map.copyOf(byType),
                nonBlockingRetry, List.copyOf(members), inboxMode);
    }

    private static <T> @Nullable T agreed(List<ListenerMethod> members, String attribute,
            Function<ListenerAttributes, @Nullable T> value) {
        T agreed = null;
        ListenerMethod setBy = null;
        for (ListenerMethod method : members) {
            T own = value.apply(method.attributes());
            if (own != null && agreed != null && !Objects.equals(own, agreed)) {
                throw new ListenerDefinitionException("@KarrotEventListener methods " + setBy + " and " + method + " share a "
                        + "container (same topics and group) but set different " + attribute + ": " + agreed + " and " + own,
                        "Set the same " + attribute + " on both, or on one of them only.", null);
            }
            if (own != null) {
                agreed = own;
                setBy = method;
            }
        }
        return agreed;
    }

    String id() {
        return this.id;
    }

    String groupId() {
        return this.groupId;
    }

    List<String> topics() {
        return this.topics;
    }

    /** The container's consumer threads, or {@code null} for the container factory's. */
    @Nullable Integer concurrency() {
        return this.concurrency;
    }

    String deadLetterTopic(String topic) {
        return this.deadLetterTopics.apply(topic);
    }

    /** The retries of the container's retry topics when its methods retry without blocking, otherwise {@code null}. */
    @Nullable ListenerRetry nonBlockingRetry() {
        return this.nonBlockingRetry;
    }

    /**
     * Whether the container handles the records of a poll in one inbox transaction: when its methods choose
     * {@link InboxMode#BATCH}, or leave the choice to a default that does, and every one of them is idempotent and
     * retries blocking. The default applies only where it can; a method's own choice must.
     * @throws ListenerDefinitionException when a method asks for batches that its container cannot have
     */
    boolean batched(InboxMode defaultMode, boolean inboxEnabled) {
        InboxMode mode = this.inboxMode != null ? this.inboxMode : defaultMode;
        if (mode != InboxMode.BATCH) {
            return false;
        }
        ListenerMethod perRecord = this.members.stream()
            .filter(method -> !method.attributes().idempotency().enabled(inboxEnabled))
            .findFirst()
            .orElse(null);
        if (perRecord == null && this.nonBlockingRetry == null) {
            return true;
        }
        if (this.inboxMode == null) {
            return false;
        }
        ListenerMethod batched = this.members.stream()
            .filter(method -> method.attributes().inboxMode() == InboxMode.BATCH)
            .findFirst()
            .orElseThrow();
        throw new ListenerDefinitionException("@KarrotEventListener method " + batched + " asks for InboxMode.BATCH, "
                + "but " + (perRecord != null ? "method " + perRecord + " of its container is not idempotent"
                        : "its container retries without blocking"),
                perRecord != null ? "Make every method of the container idempotent, or use InboxMode.PER_RECORD."
                        : "Retry blocking (RetryMode.BLOCKING), or use InboxMode.PER_RECORD.", null);
    }

    @Nullable ListenerMethod method(@Nullable String eventType) {
        return eventType != null ? this.methods.get(eventType) : null;
    }
}
