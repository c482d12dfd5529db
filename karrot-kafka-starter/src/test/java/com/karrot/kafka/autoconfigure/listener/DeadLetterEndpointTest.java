package com.karrot.kafka.autoconfigure.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.invoke.reflect.OperationMethod;
import org.springframework.boot.actuate.endpoint.invoke.reflect.ReflectiveOperationInvoker;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code kafkadlq} endpoint without a broker: how it shows record contents and what it refuses. */
class DeadLetterEndpointTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class, KarrotListenerAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.application.name=search")
        .withBean(KarrotListenerRegistrarCustomizer.class, () -> builder -> builder.adminConfig(null));

    // no dead-letter topics: every call returns before it would connect
    private final DeadLetterEndpoint endpoint = new DeadLetterEndpoint(DeadLetterQueue
        .builder(Map.of("bootstrap.servers", "127.0.0.1:9"), Map.of(), Map.of(), Map::of)
        .build(), Show.WHEN_AUTHORIZED, DeadLetterValueDecoder.NONE);

    @Test
    void textIsShownAsTextAndOtherBytesAsBase64() {
        assertThat(RecordContent.of("{\"itemId\":\"é\"}".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(new RecordContent("utf-8", "{\"itemId\":\"é\"}", 15, false));
        assertThat(RecordContent.of(new byte[] { (byte) 0xff, 0 })).isEqualTo(new RecordContent("base64", "/wA=", 2, false));
        assertThat(RecordContent.of(null)).isNull();
    }

    @Test
    void longContentIsCut() {
        RecordContent text = RecordContent.of("x".repeat(RecordContent.MAX_SHOWN + 10).getBytes(StandardCharsets.UTF_8));
        assertThat(text.data()).hasSize(RecordContent.MAX_SHOWN);
        assertThat(text.size()).isEqualTo(RecordContent.MAX_SHOWN + 10);
        assertThat(text.truncated()).isTrue();
        byte[] binary = new byte[RecordContent.MAX_SHOWN * 2];
        binary[0] = (byte) 0xff;
        RecordContent base64 = RecordContent.of(binary);
        assertThat(base64.truncated()).isTrue();
        assertThat(Base64.getDecoder().decode(base64.data())).hasSize(RecordContent.MAX_SHOWN);
    }

    @Test
    void maskedContentKeepsItsSizeAndOnlyHeadersThatHoldNoEventDataStayShown() {
        byte[] email = "kim@example.com".getBytes(StandardCharsets.UTF_8);
        assertThat(RecordContent.of(email, false)).isEqualTo(new RecordContent("masked", "******", 15, false));
        assertThat(RecordContent.of(email, true)).isEqualTo(RecordContent.of(email));
        assertThat(RecordContent.ofHeader("ce_subject", email, false).data()).isEqualTo("******");
        assertThat(RecordContent.ofHeader("kafka_dlt-exception-message", email, false).data()).isEqualTo("******");
        assertThat(RecordContent.ofHeader("kafka_dlt-exception-stacktrace", email, false).data()).isEqualTo("******");
        assertThat(RecordContent.ofHeader("ce_type", "ITEM_SOLD".getBytes(StandardCharsets.UTF_8), false).data())
            .isEqualTo("ITEM_SOLD");
        assertThat(RecordContent.ofHeader("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42L).array(), false)
            .data()).isEqualTo("42");
        assertThat(RecordContent.ofHeader("karrot_replay_group", "search".getBytes(StandardCharsets.UTF_8), false).data())
            .isEqualTo("search");
        assertThat(RecordContent.of(null, false)).isNull();
    }

    @Test
    void springKafkaNumericHeadersAreShownAsNumbers() {
        assertThat(RecordContent.ofHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(3).array()).data())
            .isEqualTo("3");
        assertThat(RecordContent.ofHeader("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42L).array()).data())
            .isEqualTo("42");
        assertThat(RecordContent.ofHeader("ce_type", "ITEM_SOLD".getBytes(StandardCharsets.UTF_8)).encoding())
            .isEqualTo("utf-8");
    }

    @Test
    void unknownTopicIsNotFoundAndCannotBeReplayed() {
        assertThat(this.endpoint.topics().topics()).isEmpty();
        assertThat(this.endpoint.deadLetters("payments", null, null, null, null, null, null, null)).isNull();
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.replay("payments", false, null, null, null, null, null))
            .withMessageContaining("not a dead-letter topic");
    }

    @Test
    void invalidTimesAreRefused() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.deadLetters("x.dlq", null, null, null, null, "2026-11-24", null, null))
            .withMessageContaining("from must be an ISO-8601 time");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> this.endpoint.replay("x.dlq", true, null, null, "2026-11-25T00:00:00Z", "2026-11-24T00:00:00Z", null))
            .withMessageContaining("is after to");
    }

    @Test
    void unknownParametersAreABadRequestNamingTheKey() {
        assertThat(badRequest(call("replay", Map.of("topic", "x.dlq", "dryRun", "false", "evenType", "ITEM_SOLD"))))
            .satisfies(error -> {
                assertThat(error.parameter()).isEqualTo("evenType");
                assertThat(error.message()).contains("unknown parameter 'evenType'", "eventType", "group");
            });
        assertThat(badRequest(call("topics", Map.of("verbose", "true"))).parameter()).isEqualTo("verbose");
    }

    @Test
    void malformedValuesAreABadRequestSayingWhy() {
        assertThat(badRequest(call("replay", Map.of("topic", "x.dlq", "from", "yesterday")))).satisfies(error -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.parameter()).isEqualTo("from");
            assertThat(error.message()).contains("ISO-8601", "yesterday");
        });
        assertThat(badRequest(call("deadLetters", Map.of("topic", "x.dlq", "page", "first"))).parameter()).isEqualTo("page");
        assertThat(badRequest(call("deadLetters", Map.of("topic", "x.dlq", "size", "1000"))).message()).contains("size");
        assertThat(badRequest(call("replay", Map.of("topic", "payments"))).parameter()).isEqualTo("topic");
        assertThat(call("deadLetters", Map.of("topic", "payments", "group", "search"))).isNull();
    }

    @Test
    void outsideTheWebInvalidRequestsAreThrown() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> advised("replay")
            .invoke(new InvocationContext(SecurityContext.NONE, Map.of("topic", "x.dlq", "from", "yesterday"))));
    }

    private @Nullable Object call(String operation, Map<String, Object> arguments) {
        return advised(operation).invoke(new InvocationContext(SecurityContext.NONE, arguments,
                OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.SERVER)));
    }

    /** The operation as the actuator invokes it: arguments by name, converted, through the advisor. */
    private OperationInvoker advised(String operation) {
        Method method = Arrays.stream(DeadLetterEndpoint.class.getMethods())
            .filter(candidate -> candidate.getName().equals(operation))
            .findFirst()
            .orElseThrow();
        OperationType type = method.isAnnotationPresent(WriteOperation.class) ? OperationType.WRITE : OperationType.READ;
        OperationMethod operationMethod = new OperationMethod(method, type);
        return new DeadLetterRequestAdvisor().apply(EndpointId.of("kafkadlq"), type, operationMethod.getParameters(),
                new ReflectiveOperationInvoker(this.endpoint, operationMethod, new ConversionServiceParameterValueMapper()));
    }

    private static DeadLetterRequestAdvisor.RequestError badRequest(@Nullable Object response) {
        assertThat(response).isInstanceOf(WebEndpointResponse.class);
        WebEndpointResponse<?> web = (WebEndpointResponse<?>) response;
        assertThat(web.getStatus()).isEqualTo(400);
        return (DeadLetterRequestAdvisor.RequestError) web.getBody();
    }

    @Test
    void invalidReplaySettingsFailStartUpNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.dead-letter.replay-log-topic=no spaces")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.listener.dead-letter.replay-log-topic"));
        this.contextRunner.withPropertyValues("karrot.kafka.listener.dead-letter.read-timeout=0s")
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("karrot.kafka.listener.dead-letter.read-timeout"));
    }

    @Test
    void replayLogTopicAndTimeoutComeFromTheProperties() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.dead-letter.replay-log-topic=search.replays",
                "karrot.kafka.listener.dead-letter.read-timeout=5s")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DeadLetterQueue.class));
    }
}
