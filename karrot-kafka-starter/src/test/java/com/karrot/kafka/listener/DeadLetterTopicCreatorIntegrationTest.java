package com.karrot.kafka.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.karrot.kafka.internal.DeadLetterTopicCreator;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterTopicCreatorIntegrationTest {

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    private final DeadLetterTopicCreator creator = new DeadLetterTopicCreator(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ListenerTestKafka.bootstrapServers()), Duration.ofSeconds(10));

    @AfterEach
    void close() {
        this.kafka.close();
    }

    @Test
    void deadLetterTopicsGetAtLeastThePartitionsOfTheirLargestSource() {
        String small = unique("small");
        String large = unique("large");
        String shared = unique("shared-dlq");
        String existing = unique("existing");
        String notYetCreated = unique("not-yet-created");
        this.kafka.createTopics(2, small, existing + ".dlq");
        this.kafka.createTopics(5, large, existing);

        this.creator.create(Map.of(shared, Set.of(small, large), existing + ".dlq", Set.of(existing),
                notYetCreated + ".dlq", Set.of(notYetCreated)));

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Map<String, TopicDescription> topics = this.kafka.admin()
                .describeTopics(List.of(shared, existing + ".dlq", notYetCreated + ".dlq"))
                .allTopicNames()
                .get();
            assertThat(topics.get(shared).partitions()).hasSize(5);
            assertThat(topics.get(existing + ".dlq").partitions()).hasSize(5);
            assertThat(topics.get(notYetCreated + ".dlq").partitions()).hasSize(SharedKafkaBroker.DEFAULT_PARTITIONS);
        });
    }
}
