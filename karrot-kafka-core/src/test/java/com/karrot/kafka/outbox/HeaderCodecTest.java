package com.karrot.kafka.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HeaderCodecTest {

    @Test
    void encodesAFlatJsonObjectInHeaderOrder() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_source", "/items");
        headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertThat(HeaderCodec.encode(headers)).isEqualTo(
                "{\"ce_source\":\"/items\",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}");
        assertThat(HeaderCodec.encode(Map.of())).isEqualTo("{}");
    }

    @Test
    void quotesAndControlCharactersSurviveTheRoundTrip() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("quote\"d", "back\\slash");
        headers.put("lines", "one\ntwo\tthree\u0001");
        headers.put("unicode", "당근 🥕");

        String json = HeaderCodec.encode(headers);

        assertThat(json).contains("\\\"", "\\\\", "\\u000a", "\\u0009", "\\u0001");
        assertThat(HeaderCodec.decode(json)).containsExactlyEntriesOf(headers);
    }

    @Test
    void decodesWhitespaceAndTheShortEscapesOtherToolsWrite() {
        assertThat(HeaderCodec.decode(" { \"a\" : \"x\\ny\\t\\r\\b\\f\\/\" , \"b\":\"\" } "))
            .containsExactly(Map.entry("a", "x\ny\t\r\b\f/"), Map.entry("b", ""));
        assertThat(HeaderCodec.decode("{ }")).isEmpty();
    }

    @Test
    void malformedJsonFailsWithWhereAndWhat() {
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderCodec.decode("{\"a\" \"b\"}"))
            .withMessageContaining("expected ':' at 5")
            .withMessageContaining("{\"a\" \"b\"}");
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderCodec.decode("{\"a\":\"b\""))
            .withMessageContaining("unexpected end of headers JSON");
    }
}
