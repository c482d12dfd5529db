package com.karrot.kafka.benchmarks;

import java.io.PrintWriter;
import java.util.List;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The child JVM of {@link TestStartupBenchmark}: runs the first and then the second test class of one kind
 * ({@code karrot} or {@code embedded}) with the JUnit Platform, as a build's test run would, and prints one
 * {@value #PREFIX} line per class with its {@link StartupClock} figures. Exits with status 1 when a test failed.
 */
final class StartupProbe {

    static final String PREFIX = "STARTUP";

    private StartupProbe() {
    }

    public static void main(String[] args) {
        List<Class<?>> classes = switch (args.length == 1 ? args[0] : "") {
            case "karrot" -> List.of(StartupTests.KarrotFirst.class, StartupTests.KarrotSecond.class);
            case "embedded" -> List.of(StartupTests.EmbeddedFirst.class, StartupTests.EmbeddedSecond.class);
            default -> throw new IllegalArgumentException("StartupProbe karrot|embedded");
        };
        Launcher launcher = LauncherFactory.create();
        for (Class<?> testClass : classes) {
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(request().selectors(selectClass(testClass)).build(), summary);
            TestExecutionSummary result = summary.getSummary();
            if (result.getTotalFailureCount() > 0 || result.getTestsSucceededCount() == 0) {
                result.printFailuresTo(new PrintWriter(System.err, true), 30);
                System.exit(1);
            }
        }
        for (StartupClock.Timing timing : StartupClock.timings()) {
            System.out.println(PREFIX + " " + timing.testClass() + " " + timing.loadMillis() + " "
                    + timing.readyMillis() + " " + timing.doneMillis());
        }
        System.out.flush();
        System.exit(0);
    }
}
