package com.karrot.kafka.test.registry;

import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A specific record as avro-maven-plugin would generate it, written by hand and kept to what Avro needs: the
 * {@code SCHEMA$} field, a no-argument constructor and positional access. This is version 2 of the event: version
 * 1 ({@link #V1}) had no {@code email}, which version 2 adds with a default.
 */
public class UserCreated extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"UserCreated\","
            + "\"namespace\":\"com.karrot.kafka.test.registry\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"unknown\"}]}");

    static final Schema V1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"UserCreated\","
            + "\"namespace\":\"com.karrot.kafka.test.registry\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");

    private CharSequence name = "";

    private CharSequence email = "";

    public UserCreated() {
    }

    UserCreated(String name, String email) {
        this.name = name;
        this.email = email;
    }

    String name() {
        return this.name.toString();
    }

    String email() {
        return this.email.toString();
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> this.name;
            case 1 -> this.email;
            default -> throw new IndexOutOfBoundsException("UserCreated has no field " + field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> this.name = Objects.requireNonNull((CharSequence) value);
            case 1 -> this.email = Objects.requireNonNull((CharSequence) value);
            default -> throw new IndexOutOfBoundsException("UserCreated has no field " + field);
        }
    }
}
