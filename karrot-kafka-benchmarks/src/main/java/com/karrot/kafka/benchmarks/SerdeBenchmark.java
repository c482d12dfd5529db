package com.karrot.kafka.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.KarrotAvroDeserializer;
import com.karrot.kafka.schema.KarrotAvroSerdeConfig;
import com.karrot.kafka.schema.KarrotAvroSerializer;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import static com.karrot.kafka.benchmarks.BenchmarkReport.format;

/**
 * Measures our Avro serde ({@link KarrotAvroSerializer}, {@link KarrotAvroDeserializer}, Confluent wire format,
 * schema id from the in-memory registry and cached after the first record) against bare Avro binary encoding of the
 * same records with a cached schema, writer, reader, encoder and decoder, as a careful user would write it; for a
 * generated {@code SpecificRecord} and a {@code GenericRecord}, both directions, in one run with the passes of ours
 * and bare interleaved. Both produce a new {@code byte[]} per record and read into a new record, as a Kafka
 * serde must. Throughput is records per second of the measuring thread's CPU time, so that other processes on a
 * shared machine do not decide the figures. Prints a Markdown table; progress goes to stderr. See
 * {@code docs/performance.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks -am package -DskipTests -Pbenchmark -Dbenchmark.main=SerdeBenchmark</pre>
 */
public final class SerdeBenchmark {

    static final String TOPIC = "marketplace.item";

    private SerdeBenchmark() {
    }

    public static void main(String[] args) {
        // no broker: BenchmarkMain only stops the shared one when this gives no bootstrap servers
        BenchmarkMain.run(args, SerdeBenchmarkOptions::parse, options -> "none",
                (options, progress) -> run(options, progress));
    }

    static SerdeBenchmarkReport run(SerdeBenchmarkOptions options, Consumer<String> progress) {
        try (InMemorySchemaRegistry registry = InMemorySchemaRegistry.start()) {
            SchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();
            List<Object> specific = new ArrayList<>(options.records());
            List<Object> generic = new ArrayList<>(options.records());
            for (int n = 0; n < options.records(); n++) {
                ItemSoldAvro record = ItemSoldEvents.avroEvent(n);
                specific.add(record);
                generic.add(GenericData.get().deepCopy(ItemSoldAvro.SCHEMA$, record));
            }
            List<Pair> pairs = List.of(
                    serializers("SpecificRecord", client, specific, new SpecificDatumWriter<>(ItemSoldAvro.SCHEMA$)),
                    deserializers("SpecificRecord", client, specific, true,
                            new SpecificDatumReader<>(ItemSoldAvro.SCHEMA$)),
                    serializers("GenericRecord", client, generic, new GenericDatumWriter<>(ItemSoldAvro.SCHEMA$)),
                    deserializers("GenericRecord", client, generic, false,
                            new GenericDatumReader<>(ItemSoldAvro.SCHEMA$)));
            String context = context(options, specific);
            progress.accept(context);
            List<List<Double>> ours = new ArrayList<>();
            List<List<Double>> bare = new ArrayList<>();
            pairs.forEach(pair -> {
                ours.add(new ArrayList<>());
                bare.add(new ArrayList<>());
            });
            int passes = options.warmups() + options.iterations();
            for (int pass = 0; pass < passes; pass++) {
                boolean measured = pass >= options.warmups();
                if (pass == 0 || pass == options.warmups()) {
                    progress.accept((measured ? options.iterations() + " measured" : options.warmups() + " warm-up")
                            + " passes ...");
                }
                for (int p = 0; p < pairs.size(); p++) {
                    Pair pair = pairs.get(p);
                    // alternate which goes first, so that neither always runs on the other's garbage
                    double oursRate;
                    double bareRate;
                    if (pass % 2 == 0) {
                        oursRate = rate(pair.ours(), options.records());
                        bareRate = rate(pair.bare(), options.records());
                    }
                    else {
                        bareRate = rate(pair.bare(), options.records());
                        oursRate = rate(pair.ours(), options.records());
                    }
                    if (measured) {
                        ours.get(p).add(oursRate);
                        bare.get(p).add(bareRate);
                    }
                }
            }
            List<SerdeBenchmarkReport.Case> cases = new ArrayList<>();
            for (int p = 0; p < pairs.size(); p++) {
                cases.add(new SerdeBenchmarkReport.Case(pairs.get(p).name(), ours.get(p), bare.get(p)));
            }
            String closing = format("System load average (1 min) at the end: %.2f.", loadAverage());
            return new SerdeBenchmarkReport(context, cases, closing);
        }
    }

    /** One case: our serde and bare Avro doing the same work on the same records. */
    private record Pair(String name, Pass ours, Pass bare) {
    }

    /** One pass over every record; returns a value computed from the results, so that none is optimised away. */
    @FunctionalInterface
    private interface Pass {

        long run();
    }

    // CPU time of the measuring thread, not wall time: on a shared machine the wall time of a pass mostly tells how
    // long other processes held the cores
    private static double rate(Pass pass, int records) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long sink = pass.run();
        long nanos = threads.getCurrentThreadCpuTime() - start;
        if (sink == 0) {
            throw new IllegalStateException("a pass produced nothing");
        }
        return records * 1e9 / nanos;
    }

    private static Pair serializers(String kind, SchemaRegistryClient client, List<Object> records,
            DatumWriter<Object> writer) {
        KarrotAvroSerializer serializer = new KarrotAvroSerializer(client);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder[] encoder = new BinaryEncoder[1];
        Pass ours = () -> {
            long bytes = 0;
            for (Object record : records) {
                bytes += serializer.serialize(TOPIC, record).length;
            }
            return bytes;
        };
        Pass bare = () -> {
            long bytes = 0;
            for (Object record : records) {
                out.reset();
                encoder[0] = EncoderFactory.get().binaryEncoder(out, encoder[0]);
                try {
                    writer.write(record, encoder[0]);
                    encoder[0].flush();
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                bytes += out.toByteArray().length;
            }
            return bytes;
        };
        return new Pair(kind + ": serialize", ours, bare);
    }

    private static Pair deserializers(String kind, SchemaRegistryClient client, List<Object> records,
            boolean specific, DatumReader<Object> reader) {
        KarrotAvroSerializer serializer = new KarrotAvroSerializer(client);
        KarrotAvroDeserializer deserializer = new KarrotAvroDeserializer(client);
        deserializer.configure(Map.of(KarrotAvroSerdeConfig.SPECIFIC_AVRO_READER, specific), false);
        List<byte[]> wire = new ArrayList<>(records.size());
        List<byte[]> avro = new ArrayList<>(records.size());
        for (Object record : records) {
            byte[] bytes = serializer.serialize(TOPIC, record);
            wire.add(bytes);
            // the same Avro binary, without the wire format's 5-byte header
            avro.add(Arrays.copyOfRange(bytes, 5, bytes.length));
        }
        BinaryDecoder[] decoder = new BinaryDecoder[1];
        Pass ours = () -> {
            long fields = 0;
            for (byte[] bytes : wire) {
                fields += ((GenericRecord) deserializer.deserialize(TOPIC, bytes)).getSchema().getFields().size();
            }
            return fields;
        };
        Pass bare = () -> {
            long fields = 0;
            for (byte[] bytes : avro) {
                decoder[0] = DecoderFactory.get().binaryDecoder(bytes, decoder[0]);
                try {
                    fields += ((GenericRecord) reader.read(null, decoder[0])).getSchema().getFields().size();
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            return fields;
        };
        return new Pair(kind + ": deserialize", ours, bare);
    }

    private static String context(SerdeBenchmarkOptions options, List<Object> records) {
        Runtime runtime = Runtime.getRuntime();
        Schema schema = ItemSoldAvro.SCHEMA$;
        return String.format(Locale.ROOT, "Avro serde benchmark, %s. Records: %,d distinct %s (%d fields, about %d "
                + "bytes of Avro binary), %d warm-up and %d measured passes over all of them per case, ours and bare "
                + "interleaved; records/s of the thread's CPU time. Registry: in-memory over HTTP, schema id cached "
                + "after the first record. "
                + "Machine: %d CPUs, Java %s, max heap %d MiB, load average (1 min) at the start %.2f.",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                options.records(), schema.getName(), schema.getFields().size(),
                avroLength(records.get(0)),
                options.warmups(), options.iterations(), runtime.availableProcessors(), Runtime.version(),
                runtime.maxMemory() / (1024 * 1024), loadAverage());
    }

    private static int avroLength(Object record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>(ItemSoldAvro.SCHEMA$).write(record, encoder);
            encoder.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.size();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
