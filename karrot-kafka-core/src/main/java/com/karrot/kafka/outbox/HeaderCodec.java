package com.karrot.kafka.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads the {@code headers} column: a flat JSON object of strings, readable by operators and by
 * change-data-capture tools, without tying the store to a JSON library.
 */
final class HeaderCodec {

    private HeaderCodec() {
    }

    static String encode(Map<String, String> headers) {
        StringBuilder json = new StringBuilder("{");
        headers.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(name, json);
            json.append(':');
            quote(value, json);
        });
        return json.append('}').toString();
    }

    static Map<String, String> decode(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        Reader reader = new Reader(json);
        reader.expect('{');
        if (reader.peek() != '}') {
            do {
                String name = reader.string();
                reader.expect(':');
                headers.put(name, reader.string());
            }
            while (reader.next() == ',');
            reader.back();
        }
        reader.expect('}');
        return headers;
    }

    private static void quote(String value, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static final class Reader {

        private final String json;

        private int position;

        Reader(String json) {
            this.json = json;
        }

        char next() {
            skipWhitespace();
            if (this.position >= this.json.length()) {
                throw new IllegalArgumentException("unexpected end of headers JSON: " + this.json);
            }
            return this.json.charAt(this.position++);
        }

        char peek() {
            char c = next();
            this.position--;
            return c;
        }

        void back() {
            this.position--;
        }

        void expect(char expected) {
            char c = next();
            if (c != expected) {
                throw new IllegalArgumentException("expected '" + expected + "' at " + (this.position - 1)
                        + " in headers JSON: " + this.json);
            }
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = this.json.charAt(this.position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    char escaped = this.json.charAt(this.position++);
                    switch (escaped) {
                        case 'u' -> {
                            value.append((char) Integer.parseInt(this.json.substring(this.position, this.position + 4), 16));
                            this.position += 4;
                        }
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        case 'b' -> value.append('\b');
                        case 'f' -> value.append('\f');
                        default -> value.append(escaped);
                    }
                }
                else {
                    value.append(c);
                }
            }
        }

        private void skipWhitespace() {
            while (this.position < this.json.length() && Character.isWhitespace(this.json.charAt(this.position))) {
                this.position++;
            }
        }
    }
}
