package com.karrot.kafka.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * The suite's table: each scenario adds its row to {@code target/resilience-report.md} (the first row of a test JVM starts
 * the file afresh, with its header) and prints it, so that one run of the suite leaves the table of {@code docs/reliability.md}.
 */
final class ResilienceReport {

    static final Path FILE = Path.of("target", "resilience-report.md");

    private static final String HEADER = """
            | Scenario | Database | Committed / sent | Delivered (distinct) | Lost | Duplicated | Order violations | Time to recover | Notes |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            """;

    private static boolean started;

    private ResilienceReport() {
    }

    /**
     * One scenario's outcome as counted by the independent check.
     * @param scenario the scenario, such as {@code (a) broker killed for 30 s}
     * @param database {@code PostgreSQL}, {@code MariaDB}, {@code H2} or {@code -}
     * @param committed what the service committed (or the producer sent), as the check counted it
     * @param delivered distinct events the check found delivered (or handled, or dead-lettered)
     * @param lost committed but never delivered
     * @param duplicated deliveries beyond the first
     * @param orderViolations first deliveries out of order within their aggregate
     * @param recovery the time to recover, or {@code null} where the scenario has none
     * @param notes what else the row needs said
     */
    static synchronized void row(String scenario, String database, long committed, long delivered, long lost,
            long duplicated, long orderViolations, Duration recovery, String notes) {
        String line = String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %s | %s |%n", scenario,
                database, committed, delivered, lost, duplicated, orderViolations,
                (recovery != null) ? String.format(Locale.ROOT, "%.1f s", recovery.toMillis() / 1000.0) : "-",
                notes);
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                Files.writeString(FILE, HEADER, StandardCharsets.UTF_8);
                started = true;
            }
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        System.out.print("Resilience: " + line);
    }
}
