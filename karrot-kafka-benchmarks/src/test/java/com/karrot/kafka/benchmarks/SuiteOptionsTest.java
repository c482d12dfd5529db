package com.karrot.kafka.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SuiteOptionsTest {

    @TempDir
    Path directory;

    @Test
    void bareRunIsEveryBenchmarkAtItsDefaults() {
        SuiteOptions options = SuiteOptions.parse();

        assertThat(options.benchmarks()).containsExactly(SuiteBenchmark.values());
        assertThat(options.quick()).isFalse();
        assertThat(options.argsOf(SuiteBenchmark.OUTBOX)).isEmpty();
        assertThat(options.jvmArgs()).containsExactly("-Xms1g", "-Xmx2g");
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.karrotClasspath()).isEqualTo(System.getProperty("java.class.path"));
        assertThat(options.modulithClasspath()).isEqualTo(System.getProperty("java.class.path"));
    }

    @Test
    void onlyRunsTheChosenInTheSuitesOrder() {
        SuiteOptions options = SuiteOptions.parse("--only", "streams,outbox");

        assertThat(options.benchmarks()).containsExactly(SuiteBenchmark.OUTBOX, SuiteBenchmark.STREAMS);
    }

    @Test
    void ownArgsOfABenchmarkComeAfterTheQuickOnesSoTheyWin() {
        SuiteOptions options = SuiteOptions.parse("--quick", "--outbox-args", "--db h2  --events 500");

        assertThat(options.argsOf(SuiteBenchmark.OUTBOX)).startsWith("--events", "2000").endsWith("--db", "h2",
                "--events", "500");
        assertThat(options.argsOf(SuiteBenchmark.SERDE)).isEqualTo(SuiteBenchmark.SERDE.quickArgs());
    }

    @Test
    void unknownBenchmarkOrOptionIsRefusedWithTheNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse("--only", "outbox,relay"))
            .withMessageContaining("unknown benchmark 'relay'")
            .withMessageContaining("modulith");
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse("--relay-args", "x"))
            .withMessageContaining("unknown benchmark 'relay'");
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse("--fast"))
            .withMessageContaining("missing value for --fast");
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse("--timeout-minutes", "0"))
            .withMessageContaining("--timeout-minutes must be positive");
    }

    @Test
    void classPathFilesAreReadAndTheModulithComparisonGetsItsOwn() throws Exception {
        Path file = Files.writeString(this.directory.resolve("cp.txt"), "/a.jar" + File.pathSeparator + "/b.jar\n");

        SuiteOptions options = SuiteOptions.parse("--karrot-classpath", "/classes" + File.pathSeparator + "@" + file,
                "--modulith-classpath", "/modulith-classes");

        assertThat(options.classpathOf(SuiteBenchmark.OUTBOX)).isEqualTo(
                String.join(File.pathSeparator, "/classes", "/a.jar", "/b.jar"));
        assertThat(options.classpathOf(SuiteBenchmark.MODULITH)).isEqualTo("/modulith-classes");
    }

    @Test
    void childJvmGetsTheJvmOptionsItsOutputDirectoryAndItsArgs() {
        SuiteOptions options = SuiteOptions.parse("--jvm-args", "-Xmx512m", "--karrot-classpath", "/classes",
                "--lag-args", "--groups 2");

        List<String> command = BenchmarkJvm.command(SuiteBenchmark.LAG, options, this.directory);

        assertThat(command).containsSubsequence("-Xmx512m", "-Djava.io.tmpdir=" + this.directory.resolve("tmp"),
                "-D" + BenchmarkMain.OUTPUT_PROPERTY + "=" + this.directory, "-cp", "/classes",
                "com.karrot.kafka.benchmarks.LagBenchmark", "--groups", "2");
    }
}
