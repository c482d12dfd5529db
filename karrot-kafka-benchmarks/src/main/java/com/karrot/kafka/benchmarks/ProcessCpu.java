package com.karrot.kafka.benchmarks;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/**
 * The CPU time of this JVM. On a machine shared with other work the rate moves with the load; the CPU time the JVM
 * spent on the same records moves less, and what differs between two applications handling the same records is
 * theirs.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** The CPU time of this JVM in nanoseconds, or -1 when the JVM cannot tell. */
    static long nanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os ? os.getProcessCpuTime()
                : -1;
    }
}
