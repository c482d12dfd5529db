package com.karrot.kafka.test.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.karrot.kafka.schema.AvroCompatibility;
import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.CompatibilityResult;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.jspecify.annotations.Nullable;

/**
 * What the registry holds, with the Confluent registry's rules: ids global across subjects (the same schema gets
 * the same id everywhere), versions from 1 per subject, a schema already under a subject returned without a check,
 * a new one checked with {@link AvroCompatibility} in the subject's mode, else the global one. Schemas are the same
 * when Avro prints them the same. Thread-safe.
 */
final class RegistryState {

    static final CompatibilityMode DEFAULT_MODE = CompatibilityMode.BACKWARD;

    /** A version of a subject. */
    record Version(String subject, int version, int id, String schema) {
    }

    private final Map<String, Integer> idsBySchema = new HashMap<>();

    private final Map<Integer, Schema> schemasById = new HashMap<>();

    private final Map<String, List<Integer>> subjects = new TreeMap<>();

    private final Map<String, CompatibilityMode> subjectModes = new HashMap<>();

    private CompatibilityMode globalMode = DEFAULT_MODE;

    private int lastId;

    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        List<Integer> versions = this.subjects.getOrDefault(subject, List.of());
        Integer id = this.idsBySchema.get(schema.toString());
        if (id != null && versions.contains(id)) {
            return id;
        }
        CompatibilityResult result = AvroCompatibility.check(mode(subject), schema,
                versions.stream().map(this.schemasById::get).toList());
        if (!result.isCompatible()) {
            throw RegistryError.incompatible(subject, result.messages());
        }
        int newId = id != null ? id : ++this.lastId;
        this.idsBySchema.put(schema.toString(), newId);
        this.schemasById.put(newId, schema);
        this.subjects.computeIfAbsent(subject, key -> new ArrayList<>()).add(newId);
        return newId;
    }

    synchronized String schema(int id) {
        Schema schema = this.schemasById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound(id);
        }
        return schema.toString();
    }

    synchronized Version lookup(String subject, String schemaText) {
        List<Integer> versions = versions(subject);
        Integer id = this.idsBySchema.get(parse(schemaText).toString());
        if (id == null || !versions.contains(id)) {
            throw RegistryError.schemaNotFound();
        }
        return version(subject, versions.indexOf(id) + 1);
    }

    /** A version by its number, or the latest for {@code latest} and {@code -1}. */
    synchronized Version version(String subject, String version) {
        List<Integer> versions = versions(subject);
        int number = number(version);
        return version(subject, number == -1 ? versions.size() : number);
    }

    synchronized List<Integer> versions(String subject) {
        List<Integer> versions = this.subjects.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        return List.copyOf(versions);
    }

    synchronized List<String> subjects() {
        return List.copyOf(this.subjects.keySet());
    }

    /** Checks a schema against one version of a subject, {@code latest} being none when there is none yet. */
    synchronized CompatibilityResult testCompatibility(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        int number = number(version);
        List<Integer> versions = this.subjects.getOrDefault(subject, List.of());
        if (number == -1 && versions.isEmpty()) {
            return CompatibilityResult.compatible();
        }
        int checked = number == -1 ? versions.size() : number;
        if (checked > versions.size()) {
            throw RegistryError.versionNotFound(checked);
        }
        return AvroCompatibility.check(mode(subject), schema, List.of(this.schemasById.get(versions.get(checked - 1))));
    }

    synchronized CompatibilityMode mode(String subject) {
        return this.subjectModes.getOrDefault(subject, this.globalMode);
    }

    /**
     * The mode set for a subject, or the global one for {@code null}. A subject without a mode of its own has the
     * global one only when {@code defaultToGlobal}, as {@code GET /config/{subject}?defaultToGlobal=true} asks.
     */
    synchronized CompatibilityMode configuredMode(@Nullable String subject, boolean defaultToGlobal) {
        if (subject == null) {
            return this.globalMode;
        }
        CompatibilityMode mode = this.subjectModes.get(subject);
        if (mode == null && !defaultToGlobal) {
            throw RegistryError.subjectCompatibilityNotConfigured(subject);
        }
        return mode != null ? mode : this.globalMode;
    }

    synchronized CompatibilityMode updateMode(@Nullable String subject, String level) {
        CompatibilityMode mode;
        try {
            mode = CompatibilityMode.valueOf(level.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw RegistryError.invalidCompatibilityLevel();
        }
        if (subject == null) {
            this.globalMode = mode;
        }
        else {
            this.subjectModes.put(subject, mode);
        }
        return mode;
    }

    synchronized void clear() {
        this.idsBySchema.clear();
        this.schemasById.clear();
        this.subjects.clear();
        this.subjectModes.clear();
        this.globalMode = DEFAULT_MODE;
        this.lastId = 0;
    }

    private Version version(String subject, int number) {
        List<Integer> versions = versions(subject);
        if (number > versions.size()) {
            throw RegistryError.versionNotFound(number);
        }
        int id = versions.get(number - 1);
        return new Version(subject, number, id, this.schemasById.get(id).toString());
    }

    private static int number(String version) {
        if (version.equals("latest") || version.equals("-1")) {
            return -1;
        }
        int number;
        try {
            number = Integer.parseInt(version);
        }
        catch (NumberFormatException ex) {
            throw RegistryError.invalidVersion(version);
        }
        if (number < 1) {
            throw RegistryError.invalidVersion(version);
        }
        return number;
    }

    private static Schema parse(String schemaText) {
        try {
            return new Schema.Parser().parse(schemaText);
        }
        catch (SchemaParseException ex) {
            throw RegistryError.invalidSchema(ex.getMessage());
        }
    }
}
