package com.karrot.kafka.lag;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupStatusTest {

    @Test
    void worstPartitionSetsTheGroupStatusWithStopStallAndRewindCountingAsErr() {
        List<TopicLag> topics = List.of(topic("a", LagStatus.OK, LagStatus.WARN),
                topic("b", null, LagStatus.STALL, LagStatus.STOP));

        assertThat(GroupStatus.of(topics)).isEqualTo(new GroupStatus(LagStatus.ERR, "b", 1, LagStatus.STALL));
    }

    @Test
    void firstOfTheEquallyBadPartitionsIsNamed() {
        List<TopicLag> topics = List.of(topic("a", LagStatus.OK, LagStatus.WARN), topic("b", LagStatus.WARN));

        assertThat(GroupStatus.of(topics)).isEqualTo(new GroupStatus(LagStatus.WARN, "a", 1, LagStatus.WARN));
    }

    @Test
    void groupIsOkWithoutACauseWhenEveryJudgedPartitionIsAndHasNoStatusWhenNoneHasOne() {
        assertThat(GroupStatus.of(List.of(topic("a", LagStatus.OK, null))))
            .isEqualTo(new GroupStatus(LagStatus.OK, null, null, null));
        assertThat(GroupStatus.of(List.of(topic("a", (LagStatus) null)))).isNull();
    }

    @Test
    void partitionWithLagButNoStatusYetLeavesTheGroupWithoutStatusUnlessAnotherIsErr() {
        TopicLag unjudged = TopicLag.of("b", List.of(new PartitionLag(0, 0L, 5L, 5L, null, null, null, null, null)));

        assertThat(GroupStatus.of(List.of(topic("a", LagStatus.OK, LagStatus.WARN), unjudged))).isNull();
        assertThat(GroupStatus.of(List.of(topic("a", LagStatus.OK, LagStatus.REWIND), unjudged)))
            .isEqualTo(new GroupStatus(LagStatus.ERR, "a", 1, LagStatus.REWIND));
    }

    private static TopicLag topic(String name, LagStatus... statuses) {
        List<PartitionLag> partitions = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            partitions.add(statuses[i] == null ? new PartitionLag(i, null, 1L, null, null, null, null, null, null)
                    : new PartitionLag(i, 0L, 1L, 1L, null, statuses[i], null, null, null));
        }
        return TopicLag.of(name, partitions);
    }
}
