package com.karrot.kafka.benchmarks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.karrot.kafka.benchmarks.StreamsTopology.RegionTotals;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.streams.KarrotSerdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.FileSystemUtils;

/**
 * One run of the Streams benchmark: an application with the {@link StreamsTopology}, under an application id of
 * its own (so it reads the input topic from the beginning, with empty state), writing to an output topic of its
 * own. Timed from creating and starting the {@link KafkaStreams} to reading the totals of every input event on the
 * output; then the application stops and its state directory is deleted.
 * <p>
 * The plain run gets the configuration the starter gives the auto-configured application, read from a Spring
 * application built with the same application id and not started: the same settings, the starter's exception
 * handlers and their dead-letter naming included. Only the Spring parts (the factory bean, its listeners, the
 * Micrometer binding) differ.
 */
final class StreamsPhase {

    /** The application of a run. */
    enum Application {

        PLAIN("plain `KafkaStreams`"),

        KARROT("auto-configured (starter)");

        private final String description;

        Application(String description) {
            this.description = description;
        }

        String description() {
            return this.description;
        }
    }

    /**
     * What a run measured.
     * @param application the application
     * @param events input events
     * @param elapsed start to the last totals read, or {@code null} when the totals never matched
     * @param toFirst start to the first totals read (starting the clients, joining the group), or {@code null}
     * when none came
     * @param cpu CPU time of this JVM (the broker runs in its own) in that time, or {@code null} when not measured
     * @param counted events counted in the last totals read
     */
    record Result(Application application, int events, @Nullable Duration elapsed, @Nullable Duration toFirst,
            @Nullable Duration cpu, long counted) {

        double rate() {
            return this.elapsed == null ? Double.NaN : Rates.perSecond(this.events, this.elapsed);
        }

        /** CPU microseconds per input event, NaN when not measured. */
        double cpuMicrosPerEvent() {
            return this.cpu == null ? Double.NaN : this.cpu.toNanos() / 1e3 / this.events;
        }
    }

    static final String APPLICATION_NAME = "karrot-streams-bench";

    private final BenchmarkKafka kafka;

    private final String input;

    private final int events;

    private final int threads;

    private final Duration stall;

    private final Map<String, RegionTotals> expected;

    StreamsPhase(BenchmarkKafka kafka, String input, int events, int threads, Duration stall) {
        this.kafka = kafka;
        this.input = input;
        this.events = events;
        this.threads = threads;
        this.stall = stall;
        this.expected = RegionTotalsReader.expected(events);
    }

    Result run(Application application, String applicationId, String output) {
        return application == Application.PLAIN ? plain(applicationId, output) : karrot(applicationId, output);
    }

    private Result plain(String applicationId, String output) {
        Properties config = effectiveConfiguration(applicationId, output);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
        StreamsTopology.define(builder, plainSerdes(), this.input, output);
        Topology topology = builder.build(config);
        try (RegionTotalsReader reader = new RegionTotalsReader(this.kafka.bootstrapServers(), output, this.expected)) {
            long cpuStart = ProcessCpu.nanos();
            long start = System.nanoTime();
            KafkaStreams streams = new KafkaStreams(topology, config);
            try {
                streams.start();
                long end = reader.awaitExpected(this.stall);
                return result(Application.PLAIN, reader, start, end, cpuStart, ProcessCpu.nanos());
            }
            finally {
                streams.close(Duration.ofSeconds(30));
                deleteState(config);
            }
        }
    }

    private Result karrot(String applicationId, String output) {
        try (ConfigurableApplicationContext context = application(applicationId, output);
                RegionTotalsReader reader = new RegionTotalsReader(this.kafka.bootstrapServers(), output,
                        this.expected)) {
            StreamsBuilderFactoryBean factoryBean = context.getBean(StreamsBuilderFactoryBean.class);
            Properties config = factoryBean.getStreamsConfiguration();
            try {
                long cpuStart = ProcessCpu.nanos();
                long start = System.nanoTime();
                factoryBean.start();
                long end = reader.awaitExpected(this.stall);
                return result(Application.KARROT, reader, start, end, cpuStart, ProcessCpu.nanos());
            }
            finally {
                factoryBean.stop();
                deleteState(config);
            }
        }
    }

    private Result result(Application application, RegionTotalsReader reader, long start, long end, long cpuStart,
            long cpuEnd) {
        Duration elapsed = end < 0 ? null : Duration.ofNanos(end - start);
        Duration cpu = end < 0 || cpuStart < 0 ? null : Duration.ofNanos(cpuEnd - cpuStart);
        Duration toFirst = reader.firstNanos() == 0 ? null : Duration.ofNanos(reader.firstNanos() - start);
        return new Result(application, this.events, elapsed, toFirst, cpu, reader.counted());
    }

    /**
     * The Streams configuration the starter gives an application with this id (Spring Boot's, then
     * {@code karrot.kafka.streams.*}), read from the factory bean of an application that is not started.
     */
    Properties effectiveConfiguration(String applicationId, String output) {
        try (ConfigurableApplicationContext context = application(applicationId, output)) {
            Properties config = new Properties();
            config.putAll(context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration());
            return config;
        }
    }

    private ConfigurableApplicationContext application(String applicationId, String output) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.application.name", APPLICATION_NAME);
        properties.put("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers());
        properties.put("spring.kafka.streams.application-id", applicationId);
        properties.put("spring.kafka.streams.auto-startup", "false");
        properties.put("karrot.kafka.streams.threads", String.valueOf(this.threads));
        // a Streams service: no outbox, so no database
        properties.put("karrot.kafka.outbox.enabled", "false");
        properties.put("karrot.kafka.publisher.direct.enabled", "false");
        properties.put("spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        properties.put("bench.input", this.input);
        properties.put("bench.output", output);
        return new SpringApplicationBuilder(StreamsTopology.Application.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .registerShutdownHook(false)
            // as command-line arguments, which outrank system properties: an embedded broker started earlier in the
            // same JVM (spring-kafka-test's) sets spring.kafka.bootstrap-servers as one
            .run(properties.entrySet()
                .stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new));
    }

    /**
     * The serdes as a service without the starter builds them: the same classes, the JSON serializer and
     * deserializer with a mapper of its own, and the same {@code ce_source} as the auto-configured application.
     */
    private static KarrotSerdes plainSerdes() {
        JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();
        return new KarrotSerdes(new JsonEventSerializer(mapper),
                new EventDeserializers(List.of(new JsonEventDeserializer(mapper))), "/" + APPLICATION_NAME,
                Clock.systemUTC());
    }

    private static void deleteState(Properties config) {
        StreamsConfig streams = new StreamsConfig(config);
        FileSystemUtils.deleteRecursively(Path.of(streams.getString(StreamsConfig.STATE_DIR_CONFIG),
                streams.getString(StreamsConfig.APPLICATION_ID_CONFIG)).toFile());
    }
}
