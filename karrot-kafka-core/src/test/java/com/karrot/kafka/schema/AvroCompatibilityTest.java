package com.karrot.kafka.schema;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The seven compatibility modes on three-version histories where the transitive and the plain modes disagree,
 * and reader/writer pairs taken from Avro's own {@code TestSchemaCompatibility}.
 */
class AvroCompatibilityTest {

    private static final String NAME = "{\"name\":\"name\",\"type\":\"string\"}";

    private static final String EMAIL = "{\"name\":\"email\",\"type\":\"string\"}";

    private static final String EMAIL_WITH_DEFAULT = "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}";

    // v1 has no email, v2 adds it with a default, the candidate drops the default
    private static final List<Schema> EMAIL_ADDED = List.of(user(NAME), user(NAME, EMAIL_WITH_DEFAULT));

    private static final Schema EMAIL_REQUIRED = user(NAME, EMAIL);

    // v1 requires an email, v2 gives it a default, the candidate removes it
    private static final List<Schema> EMAIL_DEFAULTED = List.of(user(NAME, EMAIL), user(NAME, EMAIL_WITH_DEFAULT));

    private static final Schema EMAIL_REMOVED = user(NAME);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "BACKWARD, true",
        "BACKWARD_TRANSITIVE, false",
        "FORWARD, true",
        "FORWARD_TRANSITIVE, true",
        "FULL, true",
        "FULL_TRANSITIVE, false",
        "NONE, true" })
    void requiringAFieldThatAnOlderVersionLackedBreaksOnlyTheTransitiveBackwardModes(CompatibilityMode mode,
            boolean compatible) {
        assertThat(AvroCompatibility.check(mode, EMAIL_REQUIRED, EMAIL_ADDED).isCompatible()).isEqualTo(compatible);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "BACKWARD, true",
        "BACKWARD_TRANSITIVE, true",
        "FORWARD, true",
        "FORWARD_TRANSITIVE, false",
        "FULL, true",
        "FULL_TRANSITIVE, false",
        "NONE, true" })
    void removingAFieldThatAnOlderVersionRequiredBreaksOnlyTheTransitiveForwardModes(CompatibilityMode mode,
            boolean compatible) {
        assertThat(AvroCompatibility.check(mode, EMAIL_REMOVED, EMAIL_DEFAULTED).isCompatible())
            .isEqualTo(compatible);
    }

    @ParameterizedTest
    @EnumSource(value = CompatibilityMode.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void changingAFieldTypeBreaksEveryModeButNone(CompatibilityMode mode) {
        Schema numericName = user("{\"name\":\"name\",\"type\":\"int\"}", EMAIL_WITH_DEFAULT);

        assertThat(AvroCompatibility.check(mode, numericName, EMAIL_ADDED).isCompatible()).isFalse();
        assertThat(AvroCompatibility.check(CompatibilityMode.NONE, numericName, EMAIL_ADDED).isCompatible()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CompatibilityMode.class)
    void firstSchemaOfASubjectIsCompatibleInEveryMode(CompatibilityMode mode) {
        assertThat(AvroCompatibility.check(mode, EMAIL_REQUIRED, List.of())).isEqualTo(CompatibilityResult.compatible());
    }

    @Test
    void messageNamesTheEarlierSchemaTheDirectionTheTypeAndTheLocation() {
        CompatibilityResult result = AvroCompatibility.check(CompatibilityMode.BACKWARD_TRANSITIVE, EMAIL_REQUIRED,
                EMAIL_ADDED);

        assertThat(result.messages()).containsExactly("the new schema cannot read data written with schema 1 of 2: "
                + "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
    }

    @Test
    void forwardFailureNamesTheEarlierSchemaAsTheReader() {
        CompatibilityResult result = AvroCompatibility.check(CompatibilityMode.FULL_TRANSITIVE, EMAIL_REMOVED,
                EMAIL_DEFAULTED);

        assertThat(result.messages()).containsExactly("schema 1 of 2 cannot read data written with the new schema: "
                + "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
    }

    @Test
    void addingAFieldWithADefaultIsFullyCompatible() {
        assertThat(AvroCompatibility.check(CompatibilityMode.FULL_TRANSITIVE, user(NAME, EMAIL_WITH_DEFAULT),
                List.of(user(NAME))).isCompatible()).isTrue();
    }

    @Test
    void addingAFieldWithoutADefaultIsForwardButNotBackwardCompatible() {
        List<Schema> previous = List.of(user(NAME));

        assertThat(AvroCompatibility.check(CompatibilityMode.FORWARD, EMAIL_REQUIRED, previous).isCompatible()).isTrue();
        assertThat(AvroCompatibility.check(CompatibilityMode.BACKWARD, EMAIL_REQUIRED, previous).messages())
            .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
    }

    @Test
    void removingAFieldWithoutADefaultIsBackwardButNotForwardCompatible() {
        List<Schema> previous = List.of(user(NAME, EMAIL));

        assertThat(AvroCompatibility.check(CompatibilityMode.BACKWARD, EMAIL_REMOVED, previous).isCompatible()).isTrue();
        assertThat(AvroCompatibility.check(CompatibilityMode.FORWARD, EMAIL_REMOVED, previous).messages())
            .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (email)");
    }

    @Test
    void promotingIntToLongIsBackwardButNotForwardCompatible() {
        Schema intCount = user("{\"name\":\"count\",\"type\":\"int\"}");
        Schema longCount = user("{\"name\":\"count\",\"type\":\"long\"}");

        assertThat(AvroCompatibility.check(CompatibilityMode.BACKWARD, longCount, List.of(intCount)).isCompatible())
            .isTrue();
        assertThat(AvroCompatibility.check(CompatibilityMode.FORWARD, longCount, List.of(intCount)).messages())
            .singleElement().asString().contains("TYPE_MISMATCH at /fields/0/type");
    }

    @Test
    void addingAnEnumSymbolIsBackwardButNotForwardCompatible() {
        Schema ab = new Schema.Parser().parse("{\"type\":\"enum\",\"name\":\"Enum1\",\"symbols\":[\"A\",\"B\"]}");
        Schema abc = new Schema.Parser().parse("{\"type\":\"enum\",\"name\":\"Enum1\",\"symbols\":[\"A\",\"B\",\"C\"]}");

        assertThat(AvroCompatibility.check(CompatibilityMode.BACKWARD, abc, List.of(ab)).isCompatible()).isTrue();
        assertThat(AvroCompatibility.check(CompatibilityMode.FORWARD, abc, List.of(ab)).messages())
            .singleElement().asString().contains("MISSING_ENUM_SYMBOLS at /symbols ([C])");
    }

    @Test
    void renamingTheRecordIsIncompatible() {
        Schema renamed = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Customer\",\"fields\":[" + NAME
                + "]}");

        assertThat(AvroCompatibility.check(CompatibilityMode.BACKWARD, renamed, List.of(user(NAME))).messages())
            .singleElement().asString().contains("NAME_MISMATCH");
    }

    @Test
    void nullEarlierSchemaIsRejected() {
        List<Schema> previous = new ArrayList<>();
        previous.add(null);

        assertThatIllegalArgumentException()
            .isThrownBy(() -> AvroCompatibility.check(CompatibilityMode.BACKWARD, EMAIL_REQUIRED, previous))
            .withMessage("previousOldestFirst must not contain null");
    }

    static Schema user(String... fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.karrot.test\","
                + "\"fields\":[" + String.join(",", fields) + "]}");
    }
}
