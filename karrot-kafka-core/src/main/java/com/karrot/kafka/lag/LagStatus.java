package com.karrot.kafka.lag;

/**
 * How a consumer keeps up, after LinkedIn Burrow's evaluator, from best to worst. A partition has any status but
 * {@link #ERR}; a group has {@link #OK}, {@link #WARN} or {@link #ERR} (see {@link #forGroup()}). The rules are in
 * {@link PartitionLagEvaluator} and {@code docs/monitoring.md}.
 */
public enum LagStatus {

    /** Keeping up, or lagging no more than the allowed lag. */
    OK,

    /** Committing, but the lag grew or held at every commit of the window: slower than the producers. */
    WARN,

    /** A group with at least one partition stopped, stalled or rewound. */
    ERR,

    /** Lagging, and no new commit for longer than the window of commits spans. */
    STOP,

    /** Lagging, and the same offset at every sample of the window. */
    STALL,

    /** The committed offset went back and has not yet come up to where it was. */
    REWIND;

    /**
     * The status this partition status gives its group: {@link #STOP}, {@link #STALL} and {@link #REWIND} count as
     * {@link #ERR}, as in Burrow.
     * @return {@link #OK}, {@link #WARN} or {@link #ERR}
     */
    public LagStatus forGroup() {
        return compareTo(ERR) > 0 ? ERR : this;
    }
}
