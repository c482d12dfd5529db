package com.karrot.kafka.lag;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupStatusTest {

    @Test
    void worstPartitionSetsTheGroupStatusWithStopStallAndRewindCountingAsErr() {
        List<TopicLag> topics = List.of(topic("a", LagStatus.OK, LagStatus.WARN), topic("b", null, LagStatus.STALL, LagStatus.STOP));

        assertThat(GroupStatus.of(topics)).isEqualTo(new GroupStatus(LagStatus.ERR, "b", 1, LagStatus.STALL));
    }

    @Test
    void firstOfTheEquallyBadPartitionsIsNamed() {
        List<TopicLag> topics = List.of(topic("a", LagStatus.OK, LagStatus.WARN), topic("b", LagStatus.WARN));

        assertThat(GroupStatus.of(topics)).isEqualTo(new GroupStatus(LagStatus.WARN, "a", 1, LagStatus.WARN));
    }

    @Test
    void groupIsOkWithoutACauseWhenEveryJudgedPartitionIsAndHasNoStatusWhenNoneIsJudged() {
        assertThat(GroupStatus.of(List.of(topic("a", LagStatus.OK, null)))).isEqualTo(new GroupStatus(LagStatus.OK, null, null, null));
        assertThat(GroupStatus.of(List.of(topic("a", (LagStatus) null)))).isNull();
    }

    private static TopicLag topic(String name, LagStatus... statuses) {
        List<PartitionLag> partitions = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            partitions.add(new PartitionLag(i, 0L, 1L, 1L, null, statuses[i], null, null, null));
        }
        return TopicLag.of(name, partitions);
    }
}
