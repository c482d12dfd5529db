package com.karrot.kafka.schema;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Subjects as Confluent's strategies name them, and the names the strategies go by in configuration. */
class SubjectNameStrategyTest {

    private static final Schema USER = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"User\","
            + "\"namespace\":\"com.karrot.users\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");

    @ParameterizedTest
    @CsvSource({
        "TOPIC, false, users-value",
        "TOPIC, true, users-key",
        "RECORD, false, com.karrot.users.User",
        "TOPIC_RECORD, true, users-com.karrot.users.User" })
    void subjectFollowsTheStrategy(SubjectNameStrategy strategy, boolean isKey, String subject) {
        assertThat(strategy.subject("users", isKey, USER)).isEqualTo(subject);
    }

    @Test
    void recordStrategiesNeedARecordSchema() {
        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> SubjectNameStrategy.RECORD.subject("users", true, Schema.create(Schema.Type.STRING)))
            .withMessage("The RECORD subject name strategy needs a record schema, but the key schema is STRING");
    }

    @ParameterizedTest
    @CsvSource({
        "io.confluent.kafka.serializers.subject.TopicNameStrategy, TOPIC",
        "io.confluent.kafka.serializers.subject.RecordNameStrategy, RECORD",
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, TOPIC_RECORD",
        "TopicRecordNameStrategy, TOPIC_RECORD",
        "topic_record, TOPIC_RECORD",
        "RECORD, RECORD" })
    void strategyIsFoundByConfluentsClassNameItsSimpleNameOrItsOwnName(String name, SubjectNameStrategy strategy) {
        assertThat(SubjectNameStrategy.of(name)).isEqualTo(strategy);
    }

    @Test
    void unknownStrategyNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SubjectNameStrategy.of("com.example.MyStrategy"))
            .withMessageStartingWith("Unknown subject name strategy 'com.example.MyStrategy'");
    }
}
