package com.karrot.kafka.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The options of a benchmark program, {@code --name value} pairs, checked against the names it knows; {@code --help}
 * and every mistake throw an {@link IllegalArgumentException} with the reason and the usage, which
 * {@link BenchmarkMain} prints before exiting with status 2.
 */
final class CommandLine {

    private final Map<String, String> values;

    private final String usage;

    private CommandLine(Map<String, String> values, String usage) {
        this.values = values;
        this.usage = usage;
    }

    static CommandLine parse(String[] args, String usage, String... names) {
        List<String> known = List.of(names);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + usage);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "\n" + usage);
            }
            values.put(name, args[++i]);
        }
        return new CommandLine(values, usage);
    }

    @Nullable String text(String name) {
        return this.values.get(name);
    }

    int positive(String name, int defaultValue) {
        String value = this.values.get(name);
        return value == null ? defaultValue : positive(name, value, this.usage);
    }

    /** A positive number ({@code 20000}, {@code 20_000} or {@code 20,000}), or the reason with the usage. */
    static int positive(String name, String value, String usage) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + value + "\n" + usage);
            }
            return n;
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " takes a number, was '" + value + "'\n" + usage, ex);
        }
    }
}
